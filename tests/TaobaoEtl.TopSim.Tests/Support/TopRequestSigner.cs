using System.Security.Cryptography;
using System.Text;

namespace TaobaoEtl.TopSim.Tests.Support;

/// <summary>
/// The test's own signer, written from top-api.md §1 and never from TopSim's code: sort the parameters by name,
/// drop sign and empty values, join name+value, then md5(secret+text+secret), HMAC-MD5 or HMAC-SHA256, upper hex.
/// </summary>
internal static class TopRequestSigner
{
    public static string Sign(IReadOnlyDictionary<string, string> parameters, string secret, string signMethod)
    {
        var names = parameters.Keys.Where(k => k != "sign" && !string.IsNullOrEmpty(parameters[k])).ToList();
        names.Sort(string.CompareOrdinal);
        var joined = string.Concat(names.Select(n => n + parameters[n]));
        byte[] hash;
        switch (signMethod)
        {
            case "md5":
                hash = MD5.HashData(Encoding.UTF8.GetBytes(secret + joined + secret));
                break;
            case "hmac":
                using (var hmac = new HMACMD5(Encoding.UTF8.GetBytes(secret))) hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(joined));
                break;
            case "hmac-sha256":
                using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret))) hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(joined));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(signMethod));
        }

        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash) hex.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        return hex.ToString();
    }
}
