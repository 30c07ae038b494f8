using System.Text.Json.Serialization;

namespace TaobaoEtl.Verify;

/// <summary>TopSim's <c>/sim/clock</c>: the simulated now, read in epoch milliseconds (no zone to get wrong).</summary>
internal sealed class SimClockReading
{
    [JsonPropertyName("epochMillis")]
    public long EpochMillis { get; set; }
}
