namespace TaobaoEtl.Bench.Calls;

/// <summary>
/// The fewest platform calls a sync can make (issue 7): per window, ceil(listed / 100) list calls (one at least:
/// an empty window still costs the call that says so), plus one <c>fullinfo.get</c> per changed trade. The
/// end-to-end stage divides the calls it counted by this to get its overhead.
/// </summary>
public static class MinimumCalls
{
    /// <summary>The largest page the list methods serve.</summary>
    public const int PageSize = 100;

    public static long ListCalls(ListedWindow window) =>
        window.Listed < 0 || window.Changed < 0 || window.Changed > window.Listed
            ? throw new ArgumentOutOfRangeException(nameof(window), window, "listed and changed must be 0 <= changed <= listed")
            : Math.Max(1, (window.Listed + PageSize - 1) / PageSize);

    public static long Of(IEnumerable<ListedWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return windows.Sum(w => ListCalls(w) + w.Changed);
    }

    /// <summary>Minimum calls per changed trade (the figure <c>calls_per_trade_backfill_min</c>); null when nothing changed.</summary>
    public static double? PerChangedTrade(IReadOnlyCollection<ListedWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var changed = windows.Sum(w => w.Changed);
        return changed == 0 ? null : (double)Of(windows) / changed;
    }
}
