using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// The platform's list index as of a simulated instant: what <c>sold.get</c> and <c>increment.get</c> see. A change
/// enters it only after its lag; pages are cut from it at the moment of each call.
/// </summary>
internal sealed class ListIndex(TradeWorld world)
{
    /// <summary>The instant (epoch ms) of the last change of the trade the index shows at <paramref name="nowMs"/>, or -1.</summary>
    public long IndexedUpTo(int index, long nowMs, FaultOptions faults)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, faults.SameSecondChangeRate, events);
        var best = -1L;
        for (var k = 0; k < n; k++)
        {
            var at = events[k].AtMs;
            if (at > nowMs) break;
            if (at > best && VisibleAt(index, events[k], faults) <= nowMs) best = at;
        }

        return best;
    }

    /// <summary>
    /// When the list index shows (or will show) the trade's latest true change as of <paramref name="nowMs"/>, in
    /// epoch ms; -1 when the trade does not exist yet. The truth exports it so a verifier can tell a change the
    /// pipeline could have listed from one it could not.
    /// </summary>
    public long IndexedAt(int index, long nowMs, FaultOptions faults)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, faults.SameSecondChangeRate, events);
        var latest = -1;
        for (var k = 0; k < n && events[k].AtMs <= nowMs; k++) latest = k;
        return latest < 0 ? -1 : VisibleAt(index, events[latest], faults);
    }

    /// <summary>
    /// The longest lag a change can have under <paramref name="faults"/>, in ms (added changes surface at once); the refund
    /// list index follows the same switches.
    /// </summary>
    public static long LongestLagMs(FaultOptions faults) =>
        faults.IndexLagRate <= 0 ? 0 : (long)(Math.Max(faults.IndexLagMinutes, faults.PeakIndexLagMinutes) * 60_000);

    private long VisibleAt(int index, LifeEvent e, FaultOptions faults) =>
        e.VisibleAtMs > 0 ? e.VisibleAtMs : e.AtMs + world.IndexLagMs(index, e.AtMs, faults);

    /// <summary>Trades of a shop whose indexed <c>modified</c> falls in [from, to] (seconds), newest first.</summary>
    /// <param name="tieSalt">Null: trades with the same <c>modified</c> second by tid (descending); else in an order drawn from it.</param>
    public List<(int Index, long ModifiedSecond, long UpToMs)> Modified(int shop, long fromSecond, long toSecond, bool[] types, long nowMs, FaultOptions faults,
        ulong? tieSalt = null)
    {
        var seen = new HashSet<int>();
        var found = new List<(int, long, long)>();
        var changes = world.Changes;
        for (var k = TradeWorld.LowerBound(changes, Math.Max(0, fromSecond)); k < changes.Length && changes[k] >> 32 <= toSecond; k++)
        {
            var index = (int)(changes[k] & 0xFFFF_FFFF);
            if (world.Shop[index] != shop || !types[world.Kind[index]] || !seen.Add(index)) continue;
            var upTo = IndexedUpTo(index, nowMs, faults);
            if (upTo < 0) continue;
            var second = upTo / 1000;
            if (second >= fromSecond && second <= toSecond) found.Add((index, second, upTo));
        }

        // Changes added while clients page are not in the seeded change index.
        foreach (var index in world.Overlay.TradesChangedIn(Math.Max(0, fromSecond), toSecond))
        {
            if (world.Shop[index] != shop || !types[world.Kind[index]] || !seen.Add(index)) continue;
            var upTo = IndexedUpTo(index, nowMs, faults);
            if (upTo < 0) continue;
            var second = upTo / 1000;
            if (second >= fromSecond && second <= toSecond) found.Add((index, second, upTo));
        }

        if (tieSalt is { } salt)
            found.Sort((a, b) => a.Item2 != b.Item2 ? b.Item2.CompareTo(a.Item2) : SplitMix.Hash(world.Seed, a.Item1, (long)salt).CompareTo(SplitMix.Hash(world.Seed, b.Item1, (long)salt)));
        else
            found.Sort((a, b) => a.Item2 != b.Item2 ? b.Item2.CompareTo(a.Item2) : world.Tid(b.Item1).CompareTo(world.Tid(a.Item1)));
        return found;
    }

    /// <summary>Trades of a shop created in [from, to] (seconds) that the index already shows, newest first.</summary>
    /// <param name="tieSalt">Null: trades created in the same second in a fixed order; else in an order drawn from it.</param>
    public List<(int Index, long UpToMs)> Created(int shop, long fromSecond, long toSecond, bool[] types, long nowMs, FaultOptions faults,
        ulong? tieSalt = null)
    {
        var found = new List<(int, long)>();
        var created = world.CreatedSecond;
        var lo = TradeWorld.LowerBound(created, (int)Math.Clamp(fromSecond, 0, int.MaxValue));
        var hi = TradeWorld.LowerBound(created, (int)Math.Clamp(toSecond + 1, 0, int.MaxValue));
        for (var index = hi - 1; index >= lo; index--)
        {
            if (world.Shop[index] != shop || !types[world.Kind[index]]) continue;
            var upTo = IndexedUpTo(index, nowMs, faults);
            if (upTo >= 0) found.Add((index, upTo));
        }

        if (tieSalt is { } salt)
            found.Sort((a, b) => created[a.Item1] != created[b.Item1]
                ? created[b.Item1].CompareTo(created[a.Item1])
                : SplitMix.Hash(world.Seed, a.Item1, (long)salt).CompareTo(SplitMix.Hash(world.Seed, b.Item1, (long)salt)));
        return found;
    }

    /// <summary>
    /// The refunds of a shop whose <c>modified</c>, as the refund list index shows it at <paramref name="nowMs"/>, falls in
    /// [from, to] (seconds): each with the instant of that change (the caller reads the refund as of then). The index lags
    /// like the trade index (<see cref="TradeWorld.RefundIndexLagMs"/>); changes added while clients page show at once.
    /// </summary>
    public List<RefundRow> Refunds(int shop, long fromSecond, long toSecond, bool[] types, long nowMs, FaultOptions faults)
    {
        var found = new List<RefundRow>();
        var seen = new HashSet<int>();
        var changes = world.RefundChanges;
        for (var k = TradeWorld.LowerBound(changes, Math.Max(0, fromSecond)); k < changes.Length && changes[k] >> 32 <= toSecond; k++)
        {
            var index = (int)(changes[k] & 0xFFFF_FFFF);
            if (world.Shop[index] == shop && types[world.Kind[index]] && seen.Add(index)) RefundsOf(index, fromSecond, toSecond, nowMs, faults, found);
        }

        foreach (var index in world.Overlay.TradesChangedIn(Math.Max(0, fromSecond), toSecond))
        {
            if (world.Shop[index] == shop && types[world.Kind[index]] && seen.Add(index)) RefundsOf(index, fromSecond, toSecond, nowMs, faults, found);
        }

        return found;
    }

    /// <summary>The refunds of one trade the index shows in the window, each at its latest change the index already has.</summary>
    private void RefundsOf(int index, long fromSecond, long toSecond, long nowMs, FaultOptions faults, List<RefundRow> into)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        Span<long> upTo = stackalloc long[RefundTag.MaxPerTrade];
        upTo.Fill(-1);
        var n = world.Schedule(index, faults.SameSecondChangeRate, events);
        var refunds = 0;
        for (var k = 0; k < n && events[k].AtMs <= nowMs; k++)
        {
            var e = events[k];
            if (!e.Step.IsRefund()) continue;
            var ordinal = RefundTag.Of(e.Variant).Ordinal;
            refunds = Math.Max(refunds, ordinal + 1);
            var visible = e.VisibleAtMs > 0 ? e.VisibleAtMs : e.AtMs + world.RefundIndexLagMs(index, e.AtMs, faults);
            if (visible <= nowMs && e.AtMs > upTo[ordinal]) upTo[ordinal] = e.AtMs;
        }

        for (var ordinal = 0; ordinal < refunds; ordinal++)
        {
            var second = upTo[ordinal] / 1000;
            if (upTo[ordinal] >= 0 && second >= fromSecond && second <= toSecond) into.Add(new RefundRow(index, ordinal, upTo[ordinal]));
        }
    }
}

/// <summary>One refund as the refund list index holds it: its trade, its ordinal, the instant of the change it shows.</summary>
internal readonly record struct RefundRow(int Index, int Ordinal, long UpToMs);
