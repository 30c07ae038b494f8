namespace TaobaoEtl.Top;

/// <summary>The digests the gateway accepts for <c>sign_method</c> (top-api.md §1).</summary>
public enum TopSignMethod
{
    /// <summary><c>md5</c>: MD5 of secret + concatenation + secret.</summary>
    Md5,
    /// <summary><c>hmac</c>: HMAC-MD5 of the concatenation keyed by the secret.</summary>
    Hmac,
    /// <summary><c>hmac-sha256</c>: HMAC-SHA256 of the concatenation keyed by the secret.</summary>
    HmacSha256,
}

public static class TopSignMethods
{
    /// <summary>The wire name sent as <c>sign_method</c>.</summary>
    public static string WireName(this TopSignMethod method) => method switch
    {
        TopSignMethod.Md5 => "md5",
        TopSignMethod.Hmac => "hmac",
        TopSignMethod.HmacSha256 => "hmac-sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown sign method"),
    };

    public static TopSignMethod Parse(string wireName) => wireName switch
    {
        "md5" => TopSignMethod.Md5,
        "hmac" => TopSignMethod.Hmac,
        "hmac-sha256" => TopSignMethod.HmacSha256,
        _ => throw new ArgumentException("sign method must be md5, hmac or hmac-sha256", nameof(wireName)),
    };
}
