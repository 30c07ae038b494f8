using System.Text.Json.Serialization;
using TaobaoEtl.Top.Wire;

namespace TaobaoEtl.Verify;

// snake_case both ways: the report's keys and TopSim's truth lines. Money arrives as strings: reading numbers
// from text keeps "13.80" a decimal that never passed through a double.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(PlatformInstantConverter)])]
[JsonSerializable(typeof(VerifyCounts))]
[JsonSerializable(typeof(TruthLine))]
[JsonSerializable(typeof(SimClockReading))]
internal sealed partial class VerifyJsonContext : JsonSerializerContext;
