using NodaTime;

namespace TaobaoEtl.State;

/// <summary>
/// Where a watermark may move: to the end of the longest run of committed slices that starts at the
/// current watermark with no gap. A committed slice after a gap does not count until the gap is
/// committed, so the watermark never passes an instant that no committed slice covers, whatever order
/// the slices commit in. It never moves back.
/// </summary>
public static class WatermarkAdvance
{
    public static Instant Advance(Instant current, IEnumerable<Interval> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var reach = current;
        foreach (var slice in committed.OrderBy(slice => slice.Start))
        {
            if (slice.Start > reach) break;
            if (slice.End > reach) reach = slice.End;
        }

        return reach;
    }
}
