using System.Text.Json.Serialization;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.TopSim.Control;

/// <summary>Source-generated JSON for the control endpoints (camelCase out, any case in).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(FaultOptions))]
[JsonSerializable(typeof(ClockAdvance))]
[JsonSerializable(typeof(LifeSwitch))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
