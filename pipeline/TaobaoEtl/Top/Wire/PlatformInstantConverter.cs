using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Top.Wire;

/// <summary>Platform times: <c>yyyy-MM-dd HH:mm:ss</c> GMT+8; epoch milliseconds accepted too (some SDK-era bodies).</summary>
internal sealed class PlatformInstantConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var epochMs))
            return Instant.FromUnixTimeMilliseconds(epochMs);
        if (reader.TokenType == JsonTokenType.String && PlatformTime.TryParse(reader.GetString(), out var instant))
            return instant;
        throw new JsonException("expected a platform time (yyyy-MM-dd HH:mm:ss, GMT+8)");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(PlatformTime.Format(value));
}
