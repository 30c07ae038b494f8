using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Faults;

/// <summary>
/// The refund list changing between two page reads of one <c>refunds.receive.get</c> window, as <see cref="PagingChurn"/>
/// does for the increment list and under the same switches (<see cref="FaultOptions.PagingChurnRate"/>,
/// <see cref="FaultOptions.PagingChurnPairRate"/>): before a page call of a window already paged (same shop and
/// start), one refund gets a real change (<see cref="LifeStep.RefundRevision"/>, a buyer's note: <c>modified</c> moves,
/// the status stays), visible to the refund index at once:
/// <list type="bullet">
/// <item><b>insert</b>: a refund not changed since the window's middle gets a change dated there (a late-indexed change
/// surfacing mid-window, pushing every older refund one position down);</item>
/// <item><b>leave</b>: a refund already listed is changed again now, past the window's end (it drops out);</item>
/// <item><b>move</b>: a refund already listed is changed again later inside the window (it moves towards page 1).</item>
/// </list>
/// Drawn from (seed, window, call number); dated at or before now and no earlier than the index lag allows; never while
/// life is paused. The change is the trade's too (its <c>modified</c> moves), so it is always the trade's latest.
/// </summary>
internal sealed class RefundChurn(TradeWorld world, SimStats stats)
{
    private const int MaxWindows = 4096;
    private const long Week = 7 * 86_400;
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Shop, long From), Window> _windows = [];

    public void BeforePage(int shop, long fromSecond, long toSecond, bool[] types, long nowMs, FaultOptions faults)
    {
        lock (_gate)
        {
            var window = WindowOf(shop, fromSecond);
            var call = window.Calls++;
            if (call == 0 || faults.PagingChurnRate <= 0 || world.Pause.IsPaused) return;
            var key = SplitMix.Hash(world.Seed, shop * 1_000_003L + fromSecond, 0x52454655L);
            var rng = new SplitMix(world.Seed, (long)key, 7_000 + call);
            if (!rng.Chance(faults.PagingChurnRate)) return;
            var kind = rng.Next(0, 3);
            var top = Math.Min(toSecond, nowMs / 1000);
            if (top < fromSecond) return;
            var pair = new SplitMix(world.Seed, (long)key, 8_000 + call);
            if (faults.PagingChurnPairRate > 0 && pair.Chance(faults.PagingChurnPairRate)
                && Insert(ref rng, shop, fromSecond, top, types, nowMs, faults) is not null)
            {
                stats.Injected("refund_churn_insert");
                if (Leave(ref rng, window, toSecond, nowMs, faults) is { } left) stats.Injected("refund_churn_" + left);
                return;
            }

            var done = kind switch
            {
                0 => Insert(ref rng, shop, fromSecond, top, types, nowMs, faults),
                1 => Leave(ref rng, window, toSecond, nowMs, faults) ?? Move(ref rng, window, top, nowMs, faults),
                _ => Move(ref rng, window, top, nowMs, faults),
            };
            if (done is { } what) stats.Injected("refund_churn_" + what);
        }
    }

    /// <summary>Called after a page is cut: the refunds it listed, the ones a later leave or move may pick.</summary>
    public void Served(int shop, long fromSecond, IEnumerable<RefundRow> rows)
    {
        lock (_gate)
        {
            var window = WindowOf(shop, fromSecond);
            foreach (var row in rows)
            {
                if (window.SeenSet.Add((row.Index, row.Ordinal))) window.Seen.Add((row.Index, row.Ordinal));
            }
        }
    }

    private Window WindowOf(int shop, long from)
    {
        if (_windows.TryGetValue((shop, from), out var window)) return window;
        if (_windows.Count >= MaxWindows) _windows.Clear();
        return _windows[(shop, from)] = new Window();
    }

    /// <summary>The earliest second a change surfacing now may be dated (the longest lag back, the peak's in the peak).</summary>
    private long LaggedFloor(long nowMs, FaultOptions faults)
    {
        var peakFloor = nowMs - (long)(faults.PeakIndexLagMinutes * 60_000);
        var floor = world.IsPeak(peakFloor) ? Math.Min(peakFloor, nowMs - (long)(faults.IndexLagMinutes * 60_000))
            : nowMs - (long)(faults.IndexLagMinutes * 60_000);
        return (floor + 999) / 1000;
    }

    private bool WithinLag(long second, long nowMs, FaultOptions faults) =>
        nowMs - second * 1000 <= world.MaxIndexLagMs(second * 1000, faults);

    private string? Insert(ref SplitMix rng, int shop, long from, long top, bool[] types, long nowMs, FaultOptions faults)
    {
        var low = Math.Max(from, LaggedFloor(nowMs, faults));
        if (top < low) return null;
        var span = top - low;
        var second = low + span / 4 + (span / 2 > 0 ? rng.NextLong(0, span / 2 + 1) : 0);
        if (!WithinLag(second, nowMs, faults)) return null;
        // Refunds changed in the week before: the candidates whose latest change is older than the second.
        var changes = world.RefundChanges;
        var lo = TradeWorld.LowerBound(changes, Math.Max(0, second - Week));
        var hi = TradeWorld.LowerBound(changes, Math.Max(0, second));
        if (hi <= lo) return null;
        for (var probe = 0; probe < 256; probe++)
        {
            var index = (int)(changes[lo + rng.Next(0, hi - lo)] & 0xFFFF_FFFF);
            if (world.Shop[index] != shop || !types[world.Kind[index]]) continue;
            if (TryAdd(ref rng, index, -1, second, nowMs, faults)) return "insert";
        }

        return null;
    }

    private string? Leave(ref SplitMix rng, Window window, long toSecond, long nowMs, FaultOptions faults)
    {
        if (nowMs / 1000 <= toSecond || window.Seen.Count == 0) return null;
        var (index, ordinal) = window.Seen[rng.Next(0, window.Seen.Count)];
        return TryAdd(ref rng, index, ordinal, nowMs / 1000, nowMs, faults) ? "leave" : null;
    }

    private string? Move(ref SplitMix rng, Window window, long top, long nowMs, FaultOptions faults)
    {
        if (window.Seen.Count == 0) return null;
        var (index, ordinal) = window.Seen[rng.Next(0, window.Seen.Count)];
        var last = LastChange(index, nowMs, faults).AtMs / 1000;
        if (last < 0 || last >= top) return null;
        var low = Math.Max(last + 1, LaggedFloor(nowMs, faults));
        if (top < low) return null;
        var second = low + rng.NextLong(0, top - low + 1);
        return WithinLag(second, nowMs, faults) && TryAdd(ref rng, index, ordinal, second, nowMs, faults) ? "move" : null;
    }

    /// <summary>
    /// Adds a change of refund <paramref name="ordinal"/> of the trade (-1: its latest refund) in <paramref name="second"/>,
    /// after every change the trade had, never after now.
    /// </summary>
    private bool TryAdd(ref SplitMix rng, int index, int ordinal, long second, long nowMs, FaultOptions faults)
    {
        var (last, latest, line) = LastChange(index, nowMs, faults);
        if (latest < 0 || last / 1000 >= second) return false;
        if (ordinal < 0) ordinal = latest;
        else line = LineOf(index, ordinal, nowMs, faults);
        if (line < 0) return false;
        var at = Math.Min(second * 1000 + rng.Next(0, 450), nowMs);
        if (at <= last) return false;
        var tag = new RefundTag(ordinal, RefundBill.Refund, Partial: false);
        return world.Overlay.TryAdd(index, new LifeEvent(at, LifeStep.RefundRevision, (byte)line, tag.Pack(), VisibleAtMs: Math.Max(1, nowMs)));
    }

    /// <summary>The trade's latest true change at or before now (-1 before it exists), its latest refund's ordinal and line (-1: none).</summary>
    private (long AtMs, int Ordinal, int Line) LastChange(int index, long nowMs, FaultOptions faults)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, faults.SameSecondChangeRate, events);
        var last = -1L;
        int ordinal = -1, line = -1;
        for (var k = 0; k < n && events[k].AtMs <= nowMs; k++)
        {
            last = events[k].AtMs;
            if (events[k].Step != LifeStep.RefundCreate) continue;
            ordinal = RefundTag.Of(events[k].Variant).Ordinal;
            line = events[k].Line;
        }

        return (last, ordinal, line);
    }

    private int LineOf(int index, int ordinal, long nowMs, FaultOptions faults)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, faults.SameSecondChangeRate, events);
        for (var k = 0; k < n && events[k].AtMs <= nowMs; k++)
        {
            if (events[k].Step == LifeStep.RefundCreate && RefundTag.Of(events[k].Variant).Ordinal == ordinal) return events[k].Line;
        }

        return -1;
    }

    private sealed class Window
    {
        public int Calls;
        public readonly List<(int Index, int Ordinal)> Seen = [];
        public readonly HashSet<(int, int)> SeenSet = [];
    }
}
