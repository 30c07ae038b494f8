using System.ComponentModel;
using System.Globalization;

namespace TaobaoEtl.Top;

/// <summary>
/// The digests the gateway accepts for <c>sign_method</c> (top-api.md §1). <c>Top:SignMethod</c> is written with the
/// wire names (<c>hmac-sha256</c>), which no enum member can spell, hence a converter of its own.
/// </summary>
[TypeConverter(typeof(TopSignMethodConverter))]
[Description("md5, hmac or hmac-sha256")]
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

    public static bool TryParse(string? wireName, out TopSignMethod method)
    {
        (var known, method) = wireName switch
        {
            "md5" => (true, TopSignMethod.Md5),
            "hmac" => (true, TopSignMethod.Hmac),
            "hmac-sha256" => (true, TopSignMethod.HmacSha256),
            _ => (false, default),
        };
        return known;
    }
}

/// <summary>Reads <c>Top:SignMethod</c> by its wire names only (not the member names, not a number).</summary>
public sealed class TopSignMethodConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? TopSignMethods.TryParse(text.Trim(), out var method) ? method : throw new FormatException("not md5, hmac or hmac-sha256")
            : base.ConvertFrom(context, culture, value);
}
