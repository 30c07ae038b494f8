using NodaTime;
using TaobaoEtl.Paging;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Flow;

/// <summary>
/// One run's detail calls in flight, by (shop, stream, id), so a trade listed twice in one run is fetched once (issue 15,
/// loss path 11): a changed trade on the second where two slices meet is listed by both, concurrently, and neither
/// copy is stored when the other window's known filter looks.
/// <para>A second listing waits for the first copy instead of being fetched: its window keeps the trade pending, so
/// the window cannot be done before that copy is committed (<see cref="Committed"/> resolves it then). If the first
/// copy is never committed (the run stops first), the window is never done and the next run lists it again.</para>
/// <para>Waiting is safe only when the first copy must hold every change the second listing names: the second listing's
/// <c>modified</c> is no later than the first's, and the first was claimed after that second had ended on the platform's
/// clock (with <see cref="Margin"/>), so its fetch, which comes later still, read after any second change within that second
/// (top-api.md §2a). Otherwise the trade is fetched again and the newer claim takes over the waiters.</para>
/// <para>An entry lives from its claim to its commit: memory is bounded by the trades in flight.</para>
/// </summary>
internal sealed class InFlightDetails
{
    /// <summary>
    /// Slack for the platform clock estimate (local clock + the <c>time.get</c> offset, one-second resolution), plus
    /// the skew the skip rule allows between the gateway's clock and the trade service's (<see cref="Fetch.KnownFilterRule.ClockSkew"/>).
    /// </summary>
    public static readonly Duration Margin = Duration.FromSeconds(2) + Fetch.KnownFilterRule.ClockSkew;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Shop, Windows.SyncStream Stream, long Id), Entry> _entries = [];

    /// <summary>
    /// Called for a trade the known filter could not vouch for. True: the caller sends it to the detail fetch. False: a
    /// copy already in flight covers it; <paramref name="window"/> keeps it pending until <see cref="Committed"/>.
    /// </summary>
    public bool Claim(WindowProgress window, ListedTrade trade, Instant platformNow)
    {
        ArgumentNullException.ThrowIfNull(window);
        var key = (window.Shop.ShopId, window.Window.Stream, trade.Tid);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.ReadsAfterItsSecond && trade.Modified <= entry.Modified)
            {
                entry.Waiters.Add(window);
                return false;
            }

            var claimed = new Entry(window, trade.Modified, PlatformTime.FloorToSecond(trade.Modified) + Duration.FromSeconds(1) + Margin <= platformNow);
            if (entry is not null) claimed.Waiters.AddRange(entry.Waiters);
            _entries[key] = claimed;
            return true;
        }
    }

    /// <summary>
    /// A sink batch committed these trades (written, dead-lettered or quarantined), each with the window that sent it to
    /// the fetch: the windows that waited for that copy count it resolved. Returns the windows that became done by it and
    /// must commit their checkpoint alone. A copy of an older claim resolves nothing: its claimant still holds the trade
    /// pending, so it is not done either, and the next run lists the trade again if this one stops.
    /// </summary>
    public IReadOnlyList<WindowProgress> Committed(IEnumerable<(WindowProgress Claimant, long Tid)> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        List<WindowProgress>? resolved = null;
        lock (_gate)
        {
            foreach (var (claimant, tid) in trades)
            {
                var key = (claimant.Shop.ShopId, claimant.Window.Stream, tid);
                if (!_entries.TryGetValue(key, out var entry) || !ReferenceEquals(entry.Claimant, claimant)) continue;
                _entries.Remove(key);
                (resolved ??= []).AddRange(entry.Waiters);
            }
        }

        if (resolved is null) return [];
        var closing = new List<WindowProgress>();
        foreach (var window in resolved)
        {
            if (window.Skip(1)) closing.Add(window);
        }

        return closing;
    }

    private sealed class Entry(WindowProgress claimant, Instant modified, bool readsAfterItsSecond)
    {
        public WindowProgress Claimant { get; } = claimant;
        public Instant Modified { get; } = modified;
        public bool ReadsAfterItsSecond { get; } = readsAfterItsSecond;
        public List<WindowProgress> Waiters { get; } = [];
    }
}
