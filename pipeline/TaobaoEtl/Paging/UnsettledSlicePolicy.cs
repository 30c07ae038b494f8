using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// What to do with a slice that kept moving through every re-read (<see cref="PagingOutcome.Unsettled"/>):
/// list its two halves instead; a smaller slice has fewer pages, so less time for trades to move while it
/// is read. A slice already at <see cref="MinimumSlice"/> is accepted as listed: what kept moving there are
/// trades the platform's index shows late, and those sit within the look-back of the pass's end, which
/// the next pass lists again.
/// </summary>
public static class UnsettledSlicePolicy
{
    public static readonly Duration MinimumSlice = Duration.FromMinutes(1);

    /// <summary>The windows to list in place of <paramref name="slice"/>; empty when it stays as listed.</summary>
    public static IReadOnlyList<TradeWindow> Replan(TradeWindow slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        if (slice.Length < MinimumSlice * 2) return [];
        var (first, second) = slice.Halve();
        return [first, second];
    }
}
