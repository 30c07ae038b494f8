using NodaTime;

namespace TaobaoEtl.Bench.Corpus;

/// <summary>The host's real clock as a NodaTime clock, from a <see cref="TimeProvider"/>: TopSim checks request timestamps against it.</summary>
public sealed class WallClock(TimeProvider time) : IClock
{
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
