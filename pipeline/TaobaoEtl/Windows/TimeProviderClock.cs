using NodaTime;

namespace TaobaoEtl.Windows;

/// <summary>
/// A <see cref="TimeProvider"/> read as a NodaTime <see cref="IClock"/>: the one bridge between the two. The
/// <see cref="TimeProvider"/> is the seam tests fake (delays, timeouts and the wall clock move together), and NodaTime
/// is the domain's time (instants, windows, watermarks), so the composition root picks one <see cref="TimeProvider"/>
/// and every clock is this view of it, never a second, separately chosen one.
/// </summary>
public sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(_timeProvider.GetUtcNow());
}
