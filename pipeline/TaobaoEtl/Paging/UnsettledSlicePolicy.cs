using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// What to do with a slice that could not be proven complete (<see cref="PagingOutcome.Unsettled"/>): list its two
/// halves instead; a smaller slice is read in fewer calls, so less moves while it is read. A slice already at
/// <see cref="MinimumSlice"/> is owed: its window fails and the watermark waits for it. Accepting it as listed
/// (as before issue 15) lost what kept it moving, e.g. a count of 2 over pages that stayed empty, in a slice the
/// next look-back does not reach.
/// </summary>
public static class UnsettledSlicePolicy
{
    public static readonly Duration MinimumSlice = Duration.FromMinutes(1);

    /// <summary>The windows to list in place of <paramref name="slice"/>; empty when it is minimal, and so owed.</summary>
    public static IReadOnlyList<TradeWindow> Replan(TradeWindow slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        if (slice.Length < MinimumSlice * 2) return [];
        var (first, second) = slice.Halve();
        return [first, second];
    }
}
