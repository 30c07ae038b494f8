using System.Collections.Immutable;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// Changes of the world added at run time on top of the seeded schedule (paging churn): each is a real change,
/// so the truth, fullinfo and the list index all see it, exactly as they see a seeded one. Held as one immutable
/// snapshot swapped whole, so a reader never takes a lock and never sees half an addition.
/// </summary>
internal sealed class LifeOverlay
{
    /// <summary>Most added changes per trade, so a trade's events still fit <see cref="LifeScheduler.MaxEvents"/>.</summary>
    public const int MaxPerTrade = 8;

    private readonly Lock _gate = new();
    private Snapshot _now = Snapshot.Empty;

    public int Count => Volatile.Read(ref _now).ByTrade.Count;

    /// <summary>Adds one change; false when the trade already carries <see cref="MaxPerTrade"/> of them.</summary>
    public bool TryAdd(int index, LifeEvent change)
    {
        lock (_gate)
        {
            var now = _now;
            var events = now.ByTrade.TryGetValue(index, out var existing) ? existing : [];
            if (events.Length >= MaxPerTrade) return false;
            Volatile.Write(ref _now, new Snapshot(
                now.ByTrade.SetItem(index, events.Add(change)),
                now.BySecond.Add(change.Second << 32 | (uint)index)));
            return true;
        }
    }

    /// <summary>Appends the trade's added changes after the <paramref name="count"/> events already in <paramref name="into"/>.</summary>
    public int AppendTo(int index, Span<LifeEvent> into, int count)
    {
        var now = Volatile.Read(ref _now);
        if (now.ByTrade.Count == 0 || !now.ByTrade.TryGetValue(index, out var events)) return count;
        foreach (var e in events) into[count++] = e;
        return count;
    }

    /// <summary>Trades with an added change in [from, to] seconds (each once).</summary>
    public IEnumerable<int> TradesChangedIn(long fromSecond, long toSecond)
    {
        var now = Volatile.Read(ref _now);
        if (now.BySecond.Count == 0) yield break;
        var seen = new HashSet<int>();
        foreach (var packed in now.BySecond.Reverse().SkipWhile(p => p >> 32 > toSecond).TakeWhile(p => p >> 32 >= fromSecond))
        {
            var index = (int)(packed & 0xFFFF_FFFF);
            if (seen.Add(index)) yield return index;
        }
    }

    private sealed record Snapshot(ImmutableDictionary<int, ImmutableArray<LifeEvent>> ByTrade, ImmutableSortedSet<long> BySecond)
    {
        public static readonly Snapshot Empty = new(ImmutableDictionary<int, ImmutableArray<LifeEvent>>.Empty, ImmutableSortedSet<long>.Empty);
    }
}
