using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Normalize;

/// <summary>
/// Reads one field value of a platform JSON the way real responses write it: ids and money as numbers
/// or strings (ids past 2^53, so never through a double), times as <c>yyyy-MM-dd HH:mm:ss</c> in
/// Asia/Shanghai. Every value that PostgreSQL would refuse is refused here, with the field named,
/// because one refused value in a COPY fails the whole batch.
/// </summary>
internal static class PlatformValue
{
    // numeric(14,2): 12 integer digits.
    private const decimal MoneyLimit = 1_000_000_000_000m;

    public static long ReadInt64(ref Utf8JsonReader reader, string field) =>
        ReadOptionalInt64(ref reader, field) ?? throw new InputFormatException(field, "is required but is null or empty");

    public static long? ReadOptionalInt64(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return number;
            case JsonTokenType.String:
                Span<byte> scratch = stackalloc byte[64];
                var text = Unescaped(in reader, scratch);
                if (text.IsEmpty) return null;
                if (Utf8Parser.TryParse(text, out long parsed, out var consumed) && consumed == text.Length) return parsed;
                break;
        }

        throw Invalid(ref reader, field, "an integer id (number or string, within 64 bits)");
    }

    public static int? ReadOptionalInt32(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt32(out var number):
                return number;
            case JsonTokenType.String:
                Span<byte> scratch = stackalloc byte[64];
                var text = Unescaped(in reader, scratch);
                if (text.IsEmpty) return null;
                if (Utf8Parser.TryParse(text, out int parsed, out var consumed) && consumed == text.Length) return parsed;
                break;
        }

        throw Invalid(ref reader, field, "a 32-bit integer (number or string)");
    }

    /// <summary>Money as an exact decimal that fits <c>numeric(14,2)</c>; more decimals would be rounded away, so they are refused.</summary>
    public static decimal? ReadOptionalMoney(ref Utf8JsonReader reader, string field)
    {
        decimal value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetDecimal(out var number):
                value = number;
                break;
            case JsonTokenType.String:
                Span<byte> scratch = stackalloc byte[64];
                var text = Unescaped(in reader, scratch);
                if (text.IsEmpty) return null;
                if (!IsPlainDecimal(text) || !Utf8Parser.TryParse(text, out decimal parsed, out var consumed) || consumed != text.Length)
                    throw Invalid(ref reader, field, "a decimal amount (number or string)");
                value = parsed;
                break;
            default:
                throw Invalid(ref reader, field, "a decimal amount (number or string)");
        }

        if (decimal.Abs(value) >= MoneyLimit)
            throw Invalid(ref reader, field, "an amount below 10^12 (numeric(14,2))");
        if (decimal.Round(value, 2) != value)
            throw Invalid(ref reader, field, "an amount with at most 2 decimals (more would be rounded away)");
        return value;
    }

    /// <summary>Text as the platform wrote it (masked receiver fields stay masked); a bare number keeps its digits.</summary>
    public static string? ReadOptionalText(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                string text;
                try
                {
                    text = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    throw new InputFormatException(field, "holds an invalid UTF-16 escape (a lone surrogate)");
                }

                if (text.Contains('\0', StringComparison.Ordinal))
                    throw new InputFormatException(field, "contains U+0000, which PostgreSQL text cannot store");
                return text;
            case JsonTokenType.Number:
                CheckStorableNumber(ref reader, field);
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                throw Invalid(ref reader, field, "a string");
        }
    }

    public static string ReadText(ref Utf8JsonReader reader, string field)
    {
        var text = ReadOptionalText(ref reader, field);
        return string.IsNullOrEmpty(text) ? throw new InputFormatException(field, "is required but is null or empty") : text;
    }

    /// <summary>
    /// Skips a value the normalizer does not map, checking on the way that every number in it is one
    /// jsonb can store (it refuses exponents beyond its numeric range, and one refusal fails a COPY batch).
    /// </summary>
    public static void Skip(ref Utf8JsonReader reader, scoped ReadOnlySpan<char> field)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = reader.CurrentDepth;
            while (reader.Read() && reader.CurrentDepth > depth)
            {
                if (reader.TokenType == JsonTokenType.Number) CheckStorableNumber(ref reader, field);
            }
        }
        else if (reader.TokenType == JsonTokenType.Number)
        {
            CheckStorableNumber(ref reader, field);
        }
    }

    // PostgreSQL numeric takes far more than any platform number; these bounds only keep out the absurd.
    private static void CheckStorableNumber(ref Utf8JsonReader reader, scoped ReadOnlySpan<char> field)
    {
        var text = reader.ValueSpan;
        if (text.Length > 1000) throw Invalid(ref reader, field.ToString(), "a number of at most 1000 characters");
        var e = text.IndexOfAny((byte)'e', (byte)'E');
        if (e < 0) return;
        var exponent = text[(e + 1)..];
        if (exponent.Length > 0 && exponent[0] is (byte)'+' or (byte)'-') exponent = exponent[1..];
        if (!Utf8Parser.TryParse(exponent, out int magnitude, out _) || magnitude > 1000)
            throw Invalid(ref reader, field.ToString(), "a number with an exponent of at most 1000");
    }

    public static bool? ReadOptionalBoolean(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                if (reader.ValueTextEquals("true"u8)) return true;
                if (reader.ValueTextEquals("false"u8)) return false;
                if (reader.ValueTextEquals(""u8)) return null;
                break;
        }

        throw Invalid(ref reader, field, "a boolean (true/false, bare or quoted)");
    }

    public static Instant ReadTime(ref Utf8JsonReader reader, string field) =>
        ReadOptionalTime(ref reader, field) ?? throw new InputFormatException(field, "is required but is null or empty");

    /// <summary>
    /// A platform time, <c>yyyy-MM-dd HH:mm:ss</c> local to Asia/Shanghai, as an instant, parsed from the bytes
    /// (<see cref="PlatformTime.TryParseUtf8"/>).
    /// </summary>
    public static Instant? ReadOptionalTime(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw Invalid(ref reader, field, "a time 'yyyy-MM-dd HH:mm:ss' (Asia/Shanghai)");
        Span<byte> scratch = stackalloc byte[64];
        var text = Unescaped(in reader, scratch);
        if (text.IsEmpty) return null;
        if (!PlatformTime.TryParseUtf8(text, out var instant))
            throw Invalid(ref reader, field, "a time 'yyyy-MM-dd HH:mm:ss' (Asia/Shanghai)");
        return instant;
    }

    // Utf8Parser's decimal format also takes exponents; a platform amount never has one, and "1e3" as a
    // price is more likely a corrupted field than a thousand yuan.
    private static bool IsPlainDecimal(ReadOnlySpan<byte> text)
    {
        var start = text[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        if (start == text.Length) return false;
        var dots = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '.') dots++;
            else if ((uint)(text[i] - '0') > 9) return false;
        }

        return dots <= 1;
    }

    private static ReadOnlySpan<byte> Unescaped(in Utf8JsonReader reader, Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        // An escaped number or time ("\u0031") is legal JSON; unescape into the scratch buffer.
        if (reader.ValueSpan.Length > scratch.Length) return reader.ValueSpan;
        var written = reader.CopyString(scratch);
        return scratch[..written];
    }

    private static InputFormatException Invalid(ref Utf8JsonReader reader, string field, string expected)
    {
        var raw = reader.TokenType switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.String => "\"" + Shorten(Encoding.UTF8.GetString(reader.ValueSpan)) + "\"",
            _ => Shorten(Encoding.UTF8.GetString(reader.ValueSpan)),
        };
        return new InputFormatException(field, $"expected {expected}, got {raw}");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
