using System.Text.Json;

namespace TaobaoEtl.Normalize;

/// <summary>
/// Finds the <c>trade</c> object in what a saved response holds: a <c>trade_fullinfo_get_response</c>
/// envelope, a bare <c>{"trade":{…}}</c>, or a 聚石塔 <c>jdp_response</c> value (the same envelope, as an
/// object or as a JSON string, alone or as <c>{"jdp_response": …}</c>). The trade's bytes are returned
/// exactly as they were written, so <c>raw.trade</c> keeps the platform's text.
/// </summary>
public static class TradeEnvelope
{
    private const int MaxNesting = 3;

    public static bool TryExtract(ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> trade, out string error) =>
        TryExtract(input, 0, out trade, out error);

    private static bool TryExtract(ReadOnlyMemory<byte> input, int nesting, out ReadOnlyMemory<byte> trade, out string error)
    {
        trade = default;
        error = "";
        if (nesting > MaxNesting)
        {
            error = "the response is wrapped in strings too many times";
            return false;
        }

        if (input.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "the input is empty";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(input.Span);
            if (!reader.Read())
            {
                error = "the input is empty";
                return false;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                // A jdp_response column exported as a JSON string: the envelope is its content.
                return TryExtract(Unescape(ref reader), nesting + 1, out trade, out error);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = "expected a JSON object (trade_fullinfo_get_response, {\"trade\":…} or jdp_response)";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "trade":
                        return Slice(input, ref reader, out trade, out error);
                    case "trade_fullinfo_get_response" or "trade_get_response" when reader.TokenType == JsonTokenType.StartObject:
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var inner = reader.ValueTextEquals("trade"u8);
                            reader.Read();
                            if (inner) return Slice(input, ref reader, out trade, out error);
                            reader.Skip();
                        }

                        error = $"{name} holds no 'trade'";
                        return false;
                    case "jdp_response" when reader.TokenType == JsonTokenType.String:
                        return TryExtract(Unescape(ref reader), nesting + 1, out trade, out error);
                    case "jdp_response" when reader.TokenType == JsonTokenType.StartObject:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        return TryExtract(input[start..(int)reader.BytesConsumed], nesting + 1, out trade, out error);
                    case "error_response":
                        error = "the platform answered with an error, not a trade: " + ErrorText(ref reader);
                        return false;
                    default:
                        reader.Skip();
                        break;
                }
            }

            error = "no trade found (expected trade_fullinfo_get_response.trade, trade or jdp_response)";
            return false;
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            error = $"not valid JSON text: {ex.Message}";
            return false;
        }
    }

    private static bool Slice(ReadOnlyMemory<byte> input, ref Utf8JsonReader reader, out ReadOnlyMemory<byte> trade, out string error)
    {
        trade = default;
        error = "";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "'trade' is not an object";
            return false;
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        trade = input[start..(int)reader.BytesConsumed];
        return true;
    }

    private static byte[] Unescape(ref Utf8JsonReader reader)
    {
        var buffer = new byte[reader.ValueSpan.Length];
        var written = reader.CopyString(buffer);
        return buffer[..written];
    }

    private static string ErrorText(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return "(unreadable error_response)";
        string code = "?", subCode = "", message = "";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            var text = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString() ?? "",
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                _ => null,
            };
            if (text is null) reader.Skip();
            else if (name == "code") code = text;
            else if (name == "sub_code") subCode = text;
            else if (name is "sub_msg" or "msg" && message.Length == 0) message = text;
        }

        return $"code {code} {subCode} {message}".TrimEnd();
    }
}
