using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace TaobaoEtl.Top;

/// <summary>
/// The gateway's signature (top-api.md §1): every parameter but <c>sign</c>, empty values skipped, sorted by
/// name (ordinal), name+value concatenated without separators, digested in UTF-8, upper-case hex.
/// </summary>
public static class TopSigner
{
    public static string Sign(IEnumerable<KeyValuePair<string, string>> parameters, string secret, TopSignMethod method)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(secret);

        var sorted = parameters
            .Where(p => !string.IsNullOrEmpty(p.Key) && !string.IsNullOrEmpty(p.Value) && p.Key != "sign")
            .OrderBy(p => p.Key, StringComparer.Ordinal);

        var text = new StringBuilder();
        if (method == TopSignMethod.Md5) text.Append(secret);
        foreach (var (name, value) in sorted) text.Append(name).Append(value);
        if (method == TopSignMethod.Md5) text.Append(secret);

        var data = Encoding.UTF8.GetBytes(text.ToString());
        byte[] digest = method switch
        {
            TopSignMethod.Md5 => MD5.HashData(data),
            TopSignMethod.Hmac => HMACMD5.HashData(Encoding.UTF8.GetBytes(secret), data),
            TopSignMethod.HmacSha256 => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown sign method"),
        };
        return Convert.ToHexString(digest);
    }
}
