using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TaobaoEtl.Bench.Corpus;

/// <summary>
/// Makes trade number <c>n</c> of a corpus from a recorded trade by giving it a tid of its own (and its lines
/// oids that keep their offset from the tid), so a million trades need only a few thousand recorded ones and
/// still never collide on a key. Everything else stays as the platform wrote it: the same text, the same
/// mix of ids as numbers or strings, CJK left unescaped.
/// </summary>
public static class TradeMint
{
    /// <summary>Above every tid TopSim draws (~3.1e18), below <see cref="long.MaxValue"/> with room for 10^9 trades.</summary>
    public const long FirstTid = 5_000_000_000_000_000_000;

    private const long TidStride = 1_000;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static long TidOf(long n) => FirstTid + (n * TidStride);

    /// <summary>The recorded trade with tid <see cref="TidOf"/>(<paramref name="n"/>) and its oids moved alike.</summary>
    public static byte[] Mint(ReadOnlySpan<byte> tradeJson, long recordedTid, long n)
    {
        var tid = TidOf(n);
        var output = new ArrayBufferWriter<byte>(tradeJson.Length + 16);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            var reader = new Utf8JsonReader(tradeJson);
            string? property = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        writer.WritePropertyName(property!);
                        continue;
                    case JsonTokenType.Number or JsonTokenType.String when IsKey(property, reader.CurrentDepth):
                        var replaced = (property == "tid" ? tid : tid + (ReadId(ref reader) - recordedTid)).ToString(CultureInfo.InvariantCulture);
                        if (reader.TokenType == JsonTokenType.String) writer.WriteStringValue(replaced);
                        else writer.WriteRawValue(replaced);
                        break;
                    case JsonTokenType.String: writer.WriteStringValue(reader.GetString()); break;
                    // The number's own text: "285.80" must not become 285.8.
                    case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                }

                property = null;
            }
        }

        return output.WrittenSpan.ToArray();
    }

    // The trade's own tid sits at depth 1; oids sit inside orders.order[].
    private static bool IsKey(string? property, int depth) => (property == "tid" && depth == 1) || property == "oid";

    private static long ReadId(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? long.Parse(reader.GetString()!, CultureInfo.InvariantCulture) : reader.GetInt64();
}
