using NodaTime;

namespace TaobaoEtl.Harness.Sim;

/// <summary>TopSim's <c>/sim/clock</c>: the simulated now, its speed, the longest list-index lag in force and whether life is paused.</summary>
public sealed record SimClockView(DateTimeOffset Now, long EpochMillis, double Speed, double MaxIndexLagSeconds, bool LifePaused)
{
    public Instant Instant => NodaTime.Instant.FromUnixTimeMilliseconds(EpochMillis);
}
