using NodaTime;

namespace TaobaoEtl.IntegrationTests.Top;

/// <summary>The host's wall clock as a NodaTime clock: TopSim checks request timestamps against the real clock.</summary>
internal sealed class WallClock(TimeProvider time) : IClock
{
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
