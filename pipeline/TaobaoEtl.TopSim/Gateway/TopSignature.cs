using System.Security.Cryptography;
using System.Text;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>
/// The gateway's signature (top-api.md §1): every parameter but <c>sign</c>, empty values skipped, sorted by name
/// (ordinal), name+value concatenated; md5 wraps the text in the secret, hmac/hmac-sha256 key by it; upper hex.
/// </summary>
internal static class TopSignature
{
    public static readonly string[] Methods = ["md5", "hmac", "hmac-sha256"];

    public static string Compute(IEnumerable<KeyValuePair<string, string>> parameters, string secret, string signMethod)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in parameters.Where(p => p.Key != "sign" && !string.IsNullOrEmpty(p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(name).Append(value);
        var body = Encoding.UTF8.GetBytes(text.ToString());
        var key = Encoding.UTF8.GetBytes(secret);
        byte[] digest = signMethod switch
        {
            "md5" => MD5.HashData([.. key, .. body, .. key]),
            "hmac" => HMACMD5.HashData(key, body),
            "hmac-sha256" => HMACSHA256.HashData(key, body),
            _ => throw new ArgumentOutOfRangeException(nameof(signMethod), signMethod, "unknown sign method"),
        };
        return Convert.ToHexString(digest);
    }

    public static bool Matches(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given.ToUpperInvariant()));
}
