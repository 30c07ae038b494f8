using System.Security.Cryptography;
using System.Text;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class TopSignerTests
{
    // The public vector of top-api.md §1 (Alibaba's early Node client, md5, secret "test"), timestamp text as published.
    private static readonly KeyValuePair<string, string>[] PublicVector =
    [
        new("method", "taobao.user.get"),
        new("timestamp", "2011-07-01 13: 52:03"),
        new("format", "xml"),
        new("app_key", "test"),
        new("v", "2.0"),
        new("fields", "nick,location.state,location.city"),
        new("nick", "商家测试帐号17"),
        new("sign_method", "md5"),
    ];

    [Fact]
    public void Md5_signature_matches_the_published_vector()
    {
        Assert.Equal("990FD28323F67A1EEC29336EDF373C0E", TopSigner.Sign(PublicVector, "test", TopSignMethod.Md5));
    }

    public static TheoryData<TopSignMethod, string> Cases => new()
    {
        { TopSignMethod.Md5, "test" },
        { TopSignMethod.Hmac, "test" },
        { TopSignMethod.HmacSha256, "test" },
        { TopSignMethod.Md5, "密钥-secret" },
        { TopSignMethod.Hmac, "密钥-secret" },
        { TopSignMethod.HmacSha256, "a-much-longer-secret-than-one-hmac-block-of-sixty-four-bytes-0123456789abcdef" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signature_matches_an_independent_implementation_including_non_ascii_values(TopSignMethod method, string secret)
    {
        var parameters = new[]
        {
            new KeyValuePair<string, string>("method", "taobao.trades.sold.get"),
            new("app_key", "12345678"),
            new("timestamp", "2026-11-11 00:00:01"),
            new("session", "6100e21abc"),
            new("fields", "tid,modified"),
            new("buyer_nick", "屈小姐😀"),
            new("type", "fixed,auction,step"),
            new("sign_method", method.WireName()),
            new("v", "2.0"),
            new("format", "json"),
        };
        Assert.Equal(Independent(parameters, secret, method.WireName()), TopSigner.Sign(parameters, secret, method));
    }

    [Fact]
    public void Empty_values_and_the_sign_parameter_are_left_out_of_the_signature()
    {
        var withExtras = PublicVector.Append(new("status", "")).Append(new("sign", "WHATEVER")).ToArray();
        Assert.Equal(TopSigner.Sign(PublicVector, "test", TopSignMethod.Md5), TopSigner.Sign(withExtras, "test", TopSignMethod.Md5));
    }

    [Fact]
    public void Names_are_sorted_ordinally_not_by_culture()
    {
        // Ordinal puts "Z" (0x5A) before "a" (0x61); a culture-aware sort would not.
        var parameters = new KeyValuePair<string, string>[] { new("a", "1"), new("Z", "2") };
        var expected = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes("kZ2a1k")));
        Assert.Equal(expected, TopSigner.Sign(parameters, "k", TopSignMethod.Md5));
    }

    /// <summary>Straight from top-api.md §1, with different primitives than the product code.</summary>
    private static string Independent(IEnumerable<KeyValuePair<string, string>> parameters, string secret, string method)
    {
        var names = parameters.Where(p => p.Value.Length > 0 && p.Key != "sign").ToList();
        names.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        var joined = string.Concat(names.Select(p => p.Key + p.Value));
        using IncrementalHash hash = method switch
        {
            "md5" => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
            "hmac" => IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, Encoding.UTF8.GetBytes(secret)),
            _ => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret)),
        };
        var text = method == "md5" ? secret + joined + secret : joined;
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        return string.Concat(hash.GetHashAndReset().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
