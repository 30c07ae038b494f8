using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Faults;

/// <summary>
/// The world changing between two page reads of one increment window (issue 15, loss path 1): before a page call of
/// a window already paged (same shop and start: the cuts of one slice share its start and shrink its end, and its
/// recount asks the whole slice again), at <see cref="FaultOptions.PagingChurnRate"/>, one real change is added to
/// the <see cref="LifeOverlay"/>, visible to the list index at once:
/// <list type="bullet">
/// <item><b>insert</b>: a trade not changed since the window's middle gets a change dated there (a late-indexed
/// change surfacing mid-window, pushing every older trade one position down);</item>
/// <item><b>leave</b>: a trade already listed is changed again now, past the window's end (it drops out);</item>
/// <item><b>move</b>: a trade already listed is changed again later inside the window (it moves towards page 1).</item>
/// </list>
/// At <see cref="FaultOptions.PagingChurnPairRate"/> a call gets an insertion and a departure together (the count stays).
/// Drawn from (seed, window, its call number), so the same paging meets the same churn; works with the clock frozen
/// (every added change is dated at or before now); never while life is paused.
/// <para>An insertion or a move is a change that reaches the index late, so it is dated no earlier than the index lag
/// allows (<see cref="FaultOptions.IndexLagMinutes"/>, in the peak <see cref="FaultOptions.PeakIndexLagMinutes"/>):
/// the platform lists a change within that lag, and a change surfacing hours after its date would be a loss no paging
/// rule can prevent (a look-back covers the lag, not more), so a test meeting it would prove nothing.</para>
/// </summary>
internal sealed class PagingChurn(TradeWorld world, SimStats stats)
{
    private const int MaxWindows = 4096;
    private const long Day = 86_400;
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Shop, long From), Window> _windows = [];

    /// <summary>Called before a page is cut: maybe changes the world, as the churn rate says.</summary>
    public void BeforePage(int shop, long fromSecond, long toSecond, bool[] types, long nowMs, FaultOptions faults)
    {
        lock (_gate)
        {
            var window = WindowOf(shop, fromSecond);
            var call = window.Calls++;
            if (call == 0 || faults.PagingChurnRate <= 0 || world.Pause.IsPaused) return;
            var key = SplitMix.Hash(world.Seed, shop * 1_000_003L + fromSecond, 0x43485552L);
            var rng = new SplitMix(world.Seed, (long)key, 5_000 + call);
            if (!rng.Chance(faults.PagingChurnRate)) return;
            var kind = rng.Next(0, 3);
            var top = Math.Min(toSecond, nowMs / 1000);
            if (top < fromSecond) return;
            // Its own stream, so turning pairs on changes no other draw of the churn.
            var pair = new SplitMix(world.Seed, (long)key, 6_000 + call);
            if (faults.PagingChurnPairRate > 0 && pair.Chance(faults.PagingChurnPairRate)
                && Insert(ref rng, shop, fromSecond, top, types, nowMs, faults) is not null)
            {
                stats.Injected("paging_churn_insert");
                if (Leave(ref rng, window, toSecond, nowMs, faults) is { } left) stats.Injected("paging_churn_" + left);
                return;
            }

            var done = kind switch
            {
                0 => Insert(ref rng, shop, fromSecond, top, types, nowMs, faults),
                1 => Leave(ref rng, window, toSecond, nowMs, faults) ?? Move(ref rng, window, top, nowMs, faults),
                _ => Move(ref rng, window, top, nowMs, faults),
            };
            if (done is { } what) stats.Injected("paging_churn_" + what);
        }
    }

    /// <summary>Called after a page is cut: the trades it listed, the ones a later leave or move may pick.</summary>
    public void Served(int shop, long fromSecond, IEnumerable<int> indexes)
    {
        lock (_gate)
        {
            var window = WindowOf(shop, fromSecond);
            foreach (var index in indexes)
            {
                if (window.SeenSet.Add(index)) window.Seen.Add(index);
            }
        }
    }

    private Window WindowOf(int shop, long from)
    {
        if (_windows.TryGetValue((shop, from), out var window)) return window;
        // A long run pages many windows; what churn needs is only the recent ones.
        if (_windows.Count >= MaxWindows) _windows.Clear();
        return _windows[(shop, from)] = new Window();
    }

    /// <summary>
    /// The earliest second a change surfacing now may be dated: now less the peak's lag when that instant is in the
    /// peak, else less the lag outside it (<see cref="WithinLag"/> still checks the second drawn).
    /// </summary>
    private long LaggedFloor(long nowMs, FaultOptions faults)
    {
        var peakFloor = nowMs - (long)(faults.PeakIndexLagMinutes * 60_000);
        var floor = world.IsPeak(peakFloor) ? Math.Min(peakFloor, nowMs - (long)(faults.IndexLagMinutes * 60_000))
            : nowMs - (long)(faults.IndexLagMinutes * 60_000);
        return (floor + 999) / 1000;
    }

    /// <summary>Whether a change dated <paramref name="second"/> may surface now: its lag is within the index's.</summary>
    private bool WithinLag(long second, long nowMs, FaultOptions faults) =>
        nowMs - second * 1000 <= world.MaxIndexLagMs(second * 1000, faults);

    private string? Insert(ref SplitMix rng, int shop, long from, long top, bool[] types, long nowMs, FaultOptions faults)
    {
        // The middle half of what the lag can reach: between pages already read and pages still to read.
        var low = Math.Max(from, LaggedFloor(nowMs, faults));
        if (top < low) return null;
        var span = top - low;
        var second = low + span / 4 + (span / 2 > 0 ? rng.NextLong(0, span / 2 + 1) : 0);
        if (!WithinLag(second, nowMs, faults)) return null;
        var lo = TradeWorld.LowerBound(world.CreatedSecond, (int)Math.Max(0, second - 3 * Day));
        var hi = TradeWorld.LowerBound(world.CreatedSecond, (int)Math.Max(0, second));
        if (hi <= lo) return null;
        for (var probe = 0; probe < 256; probe++)
        {
            var index = lo + rng.Next(0, hi - lo);
            if (world.Shop[index] != shop || !types[world.Kind[index]]) continue;
            if (TryAdd(ref rng, index, second, nowMs, faults)) return "insert";
        }

        return null;
    }

    private string? Leave(ref SplitMix rng, Window window, long toSecond, long nowMs, FaultOptions faults)
    {
        // Past the end is possible only when the window ended before now (the clock may be frozen at its end).
        if (nowMs / 1000 <= toSecond || window.Seen.Count == 0) return null;
        var index = window.Seen[rng.Next(0, window.Seen.Count)];
        return TryAdd(ref rng, index, nowMs / 1000, nowMs, faults) ? "leave" : null;
    }

    private string? Move(ref SplitMix rng, Window window, long top, long nowMs, FaultOptions faults)
    {
        if (window.Seen.Count == 0) return null;
        var index = window.Seen[rng.Next(0, window.Seen.Count)];
        var last = LastChangeMs(index, nowMs, faults) / 1000;
        if (last < 0 || last >= top) return null;
        var low = Math.Max(last + 1, LaggedFloor(nowMs, faults));
        if (top < low) return null;
        var second = low + rng.NextLong(0, top - low + 1);
        return WithinLag(second, nowMs, faults) && TryAdd(ref rng, index, second, nowMs, faults) ? "move" : null;
    }

    /// <summary>Adds a change of <paramref name="index"/> in <paramref name="second"/>, after every change it had, never after now.</summary>
    private bool TryAdd(ref SplitMix rng, int index, long second, long nowMs, FaultOptions faults)
    {
        var last = LastChangeMs(index, nowMs, faults);
        if (last < 0 || last / 1000 >= second) return false;
        var at = Math.Min(second * 1000 + rng.Next(0, 450), nowMs);
        if (at <= last) return false;
        return world.Overlay.TryAdd(index, new LifeEvent(at, LifeStep.Revision, 0, (byte)rng.Next(0, 250), VisibleAtMs: Math.Max(1, nowMs)));
    }

    /// <summary>The instant of the trade's latest true change at or before now; -1 before it exists.</summary>
    private long LastChangeMs(int index, long nowMs, FaultOptions faults)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, faults.SameSecondChangeRate, events);
        var last = -1L;
        for (var k = 0; k < n && events[k].AtMs <= nowMs; k++) last = events[k].AtMs;
        return last;
    }

    private sealed class Window
    {
        public int Calls;
        public readonly List<int> Seen = [];
        public readonly HashSet<int> SeenSet = [];
    }
}
