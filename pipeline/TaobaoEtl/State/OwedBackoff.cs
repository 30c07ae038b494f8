using NodaTime;

namespace TaobaoEtl.State;

/// <summary>
/// When an owed trade is tried again: <see cref="First"/> after the first failed attempt, doubling with every further
/// one, never more than <see cref="Cap"/> apart. Every run (backfill, increment) retries the owed trades that are due,
/// so a trade the platform refused for a moment is back within minutes, while a poison trade costs a few calls a day
/// instead of one per run. Pure: the instants come from the caller's clock.
/// </summary>
public sealed class OwedBackoff
{
    public OwedBackoff(Duration first, Duration cap)
    {
        if (first <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(first), "The first delay must be positive.");
        if (cap < first) throw new ArgumentOutOfRangeException(nameof(cap), "The cap must be at least the first delay.");
        First = first;
        Cap = cap;
        var schedule = new List<Duration>();
        for (var attempts = 1; ; attempts++)
        {
            var delay = DelayAfter(attempts);
            schedule.Add(delay);
            if (delay == cap) break;
        }

        Schedule = schedule;
    }

    /// <summary>2 minutes, doubling, at most 6 hours apart.</summary>
    public static OwedBackoff Default { get; } = new(Duration.FromMinutes(2), Duration.FromHours(6));

    public Duration First { get; }
    public Duration Cap { get; }

    /// <summary>
    /// <see cref="DelayAfter"/> for 1, 2, … attempts up to the first that reaches the cap (the last entry holds for
    /// every later attempt). The sink's SQL indexes it by the row's attempt count, so this class stays the one rule.
    /// </summary>
    public IReadOnlyList<Duration> Schedule { get; }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts (1 = the first failure).</summary>
    public Duration DelayAfter(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var delay = First;
        for (var i = 1; i < attempts && delay < Cap; i++) delay += delay;
        return delay < Cap ? delay : Cap;
    }

    public Instant NextAttempt(Instant attemptedAt, int attempts) => attemptedAt + DelayAfter(attempts);
}
