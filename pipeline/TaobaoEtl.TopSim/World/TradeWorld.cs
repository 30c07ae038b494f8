using NodaTime;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// The whole simulated world in compact arrays: per trade only its creation second, shop and type; every
/// change as one packed <c>long</c> (second &lt;&lt; 32 | trade) in a time-sorted index. Everything else (lines,
/// amounts, states) is re-drawn from the seed on demand, so a million trades cost tens of megabytes.
/// </summary>
internal sealed class TradeWorld
{
    public const long TidBase = 3_100_000_000_000_000_000;
    public const long RefundIdBase = 2_400_000_000_000_000_000;
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public TradeWorld(long seed, Instant epoch, int[] createdSecond, byte[] shop, byte[] kind, long[] changes, long[] refundChanges,
        IReadOnlyList<(long Start, long End)> peaks, IReadOnlyList<SimShop> shops)
    {
        Seed = seed;
        Epoch = epoch;
        CreatedSecond = createdSecond;
        Shop = shop;
        Kind = kind;
        Changes = changes;
        RefundChanges = refundChanges;
        PeakWindows = peaks;
        Shops = shops;
    }

    public long Seed { get; }
    public Instant Epoch { get; }
    public int Count => CreatedSecond.Length;
    public int[] CreatedSecond { get; }
    public byte[] Shop { get; }
    public byte[] Kind { get; }
    /// <summary>Every (second, trade) with at least one change, sorted.</summary>
    public long[] Changes { get; }
    /// <summary>Every (second, trade) with a refund change, sorted.</summary>
    public long[] RefundChanges { get; }
    /// <summary>11-11 00:00–01:00 GMT+8 windows, in epoch milliseconds.</summary>
    public IReadOnlyList<(long Start, long End)> PeakWindows { get; }
    public IReadOnlyList<SimShop> Shops { get; }

    public long Tid(int index) => TidBase + (long)index * 1000 + (long)(SplitMix.Hash(Seed, index, 11) % 900);

    public bool TryIndexOfTid(long tid, out int index)
    {
        index = -1;
        if (tid < TidBase) return false;
        var candidate = (tid - TidBase) / 1000;
        if (candidate >= Count) return false;
        index = (int)candidate;
        return Tid(index) == tid;
    }

    /// <summary>
    /// The id of the trade's refund number <paramref name="ordinal"/> (in the order asked): a block of 1000 per trade, 100 per
    /// refund, so every refund of every trade, old or latest, resolves back (<see cref="TryIndexOfRefund"/>).
    /// </summary>
    public long RefundId(int index, int ordinal) =>
        RefundIdBase + (long)index * 1000 + ordinal * 100L + (long)(SplitMix.Hash(Seed, index, 1200 + ordinal) % 100);

    public bool TryIndexOfRefund(long refundId, out int index, out int ordinal)
    {
        index = -1;
        ordinal = -1;
        if (refundId < RefundIdBase) return false;
        var candidate = (refundId - RefundIdBase) / 1000;
        if (candidate >= Count) return false;
        index = (int)candidate;
        ordinal = (int)((refundId - RefundIdBase) % 1000 / 100);
        return RefundId(index, ordinal) == refundId;
    }

    public int Lines(int index)
    {
        var x = SplitMix.Hash(Seed, index, 5) % 100;
        return x switch { < 60 => 1, < 80 => 2, < 90 => 3, < 96 => 4, _ => 5 };
    }

    public long CreatedMs(int index) => CreatedSecond[index] * 1000L + (long)(SplitMix.Hash(Seed, index, 7) % 450);

    /// <summary>Changes added at run time on top of the seeded schedule (paging churn).</summary>
    public LifeOverlay Overlay { get; } = new();

    /// <summary>The messy-text rate over time: a trade's words follow the rate in force at its creation.</summary>
    public TextRateLedger TextRates { get; } = new();

    /// <summary>The life cycle's pauses: what falls in one never happens.</summary>
    public LifePause Pause { get; } = new();

    /// <summary>
    /// The trade's whole life in time order: the seeded schedule, the overlay's added changes, less what fell in a
    /// pause. 0 events = the trade never exists.
    /// </summary>
    public int Schedule(int index, double twinRate, Span<LifeEvent> into)
    {
        var n = LifeScheduler.Build(Seed, index, CreatedMs(index), Kind[index], Lines(index), twinRate, into);
        var merged = Overlay.AppendTo(index, into, n);
        if (merged != n) LifeScheduler.SortByTime(into[..merged]);
        return Pause.Filter(into, merged);
    }

    public long ToMs(Instant instant) => (instant - Epoch).BclCompatibleTicks / TimeSpan.TicksPerMillisecond;

    public Instant ToInstant(long ms) => Epoch + Duration.FromMilliseconds(ms);

    public bool IsPeak(long ms)
    {
        foreach (var (start, end) in PeakWindows)
        {
            if (ms >= start && ms < end) return true;
        }

        return false;
    }

    /// <summary>How late a change reaches the list index: 0, or 50–100% of the (peak) maximum.</summary>
    public long IndexLagMs(int index, long atMs, FaultOptions faults)
    {
        if (faults.IndexLagRate <= 0) return 0;
        if (SplitMix.Unit(SplitMix.Hash(Seed, index, atMs ^ 0x5A5A5A5AL)) >= faults.IndexLagRate) return 0;
        var u = SplitMix.Unit(SplitMix.Hash(Seed, index, ~atMs));
        return (long)(MaxIndexLagMs(atMs, faults) * (0.5 + 0.5 * u));
    }

    /// <summary>
    /// How late a refund's change reaches the refund list index (<c>refunds.receive.get</c>): the trade index's rule and
    /// switches, its own draw (the two indexes are separate, a refund can be listed before or after its trade).
    /// </summary>
    public long RefundIndexLagMs(int index, long atMs, FaultOptions faults)
    {
        if (faults.IndexLagRate <= 0) return 0;
        if (SplitMix.Unit(SplitMix.Hash(Seed, index, atMs ^ 0x52464E44L)) >= faults.IndexLagRate) return 0;
        var u = SplitMix.Unit(SplitMix.Hash(Seed, index, ~atMs ^ 0x52464E44L));
        return (long)(MaxIndexLagMs(atMs, faults) * (0.5 + 0.5 * u));
    }

    /// <summary>The longest a change made at <paramref name="atMs"/> may take to reach the list index: the peak's lag inside a peak.</summary>
    public long MaxIndexLagMs(long atMs, FaultOptions faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        return (long)((IsPeak(atMs) ? faults.PeakIndexLagMinutes : faults.IndexLagMinutes) * 60_000);
    }

    /// <summary>First position in a sorted packed index whose second is ≥ <paramref name="second"/>.</summary>
    public static int LowerBound(long[] packed, long second)
    {
        var key = second << 32;
        var i = Array.BinarySearch(packed, key);
        if (i < 0) return ~i;
        while (i > 0 && packed[i - 1] >= key) i--;
        return i;
    }

    public static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }

        return lo;
    }
}
