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
    /// Why jsonb would refuse this JSON text, or null when it would take it: a <c>\u0000</c> escape or an
    /// unpaired UTF-16 surrogate escape anywhere, even in fields the normalizer skips. One refused payload
    /// fails a whole COPY batch, so such input is quarantined instead. Backslashes occur only inside JSON
    /// strings, so a scan over the bytes finds every escape.
    /// </summary>
    internal static string? JsonbProblem(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (true)
        {
            var at = json[offset..].IndexOf((byte)'\\');
            if (at < 0) return null;
            at += offset;
            if (at + 1 >= json.Length) return null; // truncated: the JSON reader reports it
            if (json[at + 1] != 'u')
            {
                offset = at + 2;
                continue;
            }

            if (!TryHex4(json, at + 2, out var unit)) return null; // malformed: the JSON reader reports it
            if (unit == 0) return "contains a \\u0000 escape, which PostgreSQL jsonb cannot store";
            if (unit is >= 0xDC00 and <= 0xDFFF) return "contains an unpaired UTF-16 low surrogate escape, which PostgreSQL jsonb cannot store";
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (at + 11 >= json.Length || json[at + 6] != '\\' || json[at + 7] != 'u'
                    || !TryHex4(json, at + 8, out var low) || low is < 0xDC00 or > 0xDFFF)
                    return "contains an unpaired UTF-16 high surrogate escape, which PostgreSQL jsonb cannot store";
                offset = at + 12;
                continue;
            }

            offset = at + 6;
        }
    }

    private static bool TryHex4(ReadOnlySpan<byte> json, int start, out int value)
    {
        value = 0;
        if (start + 4 > json.Length) return false;
        for (var i = start; i < start + 4; i++)
        {
            var c = json[i];
            int digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            value = (value << 4) | digit;
        }

        return true;
    }
}
