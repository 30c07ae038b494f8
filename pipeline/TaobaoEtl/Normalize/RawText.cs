using System.Text;
using System.Text.Unicode;

namespace TaobaoEtl.Normalize;

/// <summary>
/// Input bytes as storable text. PostgreSQL text holds neither NUL nor invalid UTF-8, and the raw input
/// of a rejection must survive whole, so such input is kept as base64 behind a marker instead.
/// </summary>
public static class RawText
{
    public const string Base64Marker = "base64:";

    public static string From(ReadOnlySpan<byte> input) =>
        Utf8.IsValid(input) && !input.Contains((byte)0)
            ? Encoding.UTF8.GetString(input)
            : Base64Marker + Convert.ToBase64String(input);

    /// <summary>
    /// True when the JSON text holds a <c>\u0000</c> escape. jsonb refuses it anywhere, even in fields the
    /// normalizer skips, so such a trade cannot go to <c>raw.trade</c> and must be quarantined instead.
    /// </summary>
    internal static bool HasNulEscape(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (true)
        {
            var at = json[offset..].IndexOf("\\u0000"u8);
            if (at < 0) return false;
            at += offset;
            // "\\u0000" is an escaped backslash followed by text: count the backslashes before it.
            var backslashes = 0;
            for (var i = at; i >= 0 && json[i] == '\\'; i--) backslashes++;
            if (backslashes % 2 == 1) return true;
            offset = at + 1;
        }
    }
}
