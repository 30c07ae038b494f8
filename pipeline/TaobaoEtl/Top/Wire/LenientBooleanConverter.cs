using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaobaoEtl.Top.Wire;

/// <summary>Flags arrive as JSON booleans or as the strings "true"/"false".</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.String when bool.TryParse(reader.GetString(), out var value): return value;
            case JsonTokenType.Number when reader.TryGetInt64(out var number): return number != 0;
            default: throw new JsonException("expected a boolean");
        }
    }

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}
