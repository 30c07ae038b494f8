using System.Text.Json;

namespace TaobaoEtl.Normalize;

/// <summary>
/// Finds the refund objects in a refund response: every element of <c>refunds.refund[]</c> of
/// <c>refunds_receive_get_response</c> (an empty list may be omitted entirely: zero refunds), or the
/// <c>refund</c> of <c>refund_get_response</c>. Each refund's bytes are returned exactly as written, for
/// <see cref="RefundNormalizer"/> and <c>raw.refund</c>.
/// </summary>
public static class RefundEnvelope
{
    public static bool TryExtract(ReadOnlyMemory<byte> response, out IReadOnlyList<ReadOnlyMemory<byte>> refunds, out string error)
    {
        var found = new List<ReadOnlyMemory<byte>>();
        refunds = found;
        error = "";
        try
        {
            var reader = new Utf8JsonReader(response.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "expected a JSON object (refunds_receive_get_response or refund_get_response)";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name is "refunds_receive_get_response" or "refund_get_response" && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var inner = reader.GetString();
                        reader.Read();
                        if (inner == "refund" && reader.TokenType == JsonTokenType.StartObject) found.Add(Slice(response, ref reader));
                        else if (inner == "refunds" && reader.TokenType == JsonTokenType.StartObject) ReadList(response, ref reader, found);
                        else reader.Skip();
                    }

                    return true;
                }

                if (name == "error_response")
                {
                    error = "the platform answered with an error, not refunds";
                    return false;
                }

                reader.Skip();
            }

            error = "no refunds_receive_get_response or refund_get_response found";
            return false;
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON: {ex.Message}";
            return false;
        }
    }

    private static void ReadList(ReadOnlyMemory<byte> response, ref Utf8JsonReader reader, List<ReadOnlyMemory<byte>> found)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRefund = reader.ValueTextEquals("refund"u8);
            reader.Read();
            if (!isRefund || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.StartObject) found.Add(Slice(response, ref reader));
                else reader.Skip();
            }
        }
    }

    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> response, ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return response[start..(int)reader.BytesConsumed];
    }
}
