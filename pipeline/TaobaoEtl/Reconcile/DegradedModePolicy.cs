using NodaTime;
using TaobaoEtl.State;
using TaobaoEtl.Top;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// When a shop goes into degraded mode and out of it [seed 002: 接口调用失败率超5%时自动降级为每小时全量拉取]: pure, table-tested.
/// A run's failure ratio is its failed call attempts (the platform failing: isp errors and timeouts, 5xx, dropped
/// connections, the overload answer, unknown codes, bodies that are no answer) over all its attempts; a caller's own
/// errors (a refused tid, a session, the credentials) and bans (our rate against the quota) are not the platform failing. One bad run is noise; the ratio
/// must stay over the line for <see cref="RunsToDegrade"/> increments in a row (the seed's line: 5%, <c>Sync:DegradedFailureRatio</c>). In degraded mode the shop's increments
/// stop and a full reconcile of the recent hours runs every <see cref="CheckInterval"/>; the first check whose ratio is
/// at or under the line brings the shop back.
/// </summary>
public sealed record DegradedModePolicy(double Threshold, int RunsToDegrade, Duration CheckInterval)
{
    /// <summary>The seed's: over 5% in three increments in a row, checked hourly.</summary>
    public static DegradedModePolicy Default { get; } = new(0.05, 3, Duration.FromHours(1));

    public static DegradedModePolicy From(Configuration.SyncOptions sync)
    {
        ArgumentNullException.ThrowIfNull(sync);
        return new DegradedModePolicy(sync.DegradedFailureRatio, sync.DegradedAfterRuns, Duration.FromTimeSpan(sync.DegradedCheckInterval));
    }

    /// <summary>
    /// Fewer call attempts than this are no evidence: a quiet shop's four calls with one retried 5xx would read 25%.
    /// </summary>
    public const int MinimumAttempts = 20;

    // A ban (code 7) is our own rate against the quota, handled by the ban pause, not the platform failing.
    private static readonly HashSet<TopCallOutcome> Failures =
    [
        TopCallOutcome.Transient, TopCallOutcome.Overloaded, TopCallOutcome.Unrecognized, TopCallOutcome.MalformedAnswer, TopCallOutcome.GatewayRefused,
    ];

    /// <summary>The failure ratio of a run's calls when they are enough to judge by (<see cref="MinimumAttempts"/>); else null.</summary>
    public double? Ratio(IReadOnlyDictionary<string, long> apiCalls)
    {
        ArgumentNullException.ThrowIfNull(apiCalls);
        var attempts = apiCalls.Where(pair => !pair.Key.EndsWith(":cancelled", StringComparison.Ordinal)).Sum(pair => pair.Value);
        return attempts < MinimumAttempts ? null : FailureRatio(apiCalls);
    }

    /// <summary>The failure ratio of a run's calls (its <c>method:outcome</c> counts); null when it made none.</summary>
    public static double? FailureRatio(IReadOnlyDictionary<string, long> apiCalls)
    {
        ArgumentNullException.ThrowIfNull(apiCalls);
        long all = 0, failed = 0;
        foreach (var (key, count) in apiCalls)
        {
            var outcome = key[(key.LastIndexOf(':') + 1)..];
            if (!Enum.TryParse<TopCallOutcome>(outcome, ignoreCase: true, out var parsed) || parsed == TopCallOutcome.Cancelled) continue;
            all += count;
            if (Failures.Contains(parsed)) failed += count;
        }

        return all == 0 ? null : (double)failed / all;
    }

    /// <summary>After an increment of a shop in normal mode.</summary>
    public ShopHealth AfterIncrement(ShopHealth health, double? ratio, Instant now)
    {
        ArgumentNullException.ThrowIfNull(health);
        if (health.Mode == SyncMode.Degraded || ratio is not { } r) return health;
        if (r <= Threshold) return health with { HotRuns = 0, LastFailureRatio = r };
        var hot = health.HotRuns + 1;
        return hot >= RunsToDegrade
            ? new ShopHealth(SyncMode.Degraded, hot, r, now, null)
            : health with { HotRuns = hot, LastFailureRatio = r };
    }

    /// <summary>Whether a degraded shop's hourly check is due.</summary>
    public bool IsCheckDue(ShopHealth health, Instant now)
    {
        ArgumentNullException.ThrowIfNull(health);
        return health.Mode == SyncMode.Degraded && (health.CheckedAt is not { } last || now - last >= CheckInterval);
    }

    /// <summary>After a degraded shop's check: back to normal when its calls failed at or under the line.</summary>
    public ShopHealth AfterCheck(ShopHealth health, double? ratio, Instant now)
    {
        ArgumentNullException.ThrowIfNull(health);
        if (ratio is { } r && r <= Threshold) return ShopHealth.Normal with { LastFailureRatio = r };
        return health with { CheckedAt = now, LastFailureRatio = ratio ?? health.LastFailureRatio };
    }
}
