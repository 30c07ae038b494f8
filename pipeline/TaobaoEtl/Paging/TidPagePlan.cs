using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>Picks the page plan a window's stream and kind call for.</summary>
public static class TidPagePlan
{
    /// <param name="incrementFrontToBack">Test-only (<c>Sync:Testing:IncrementPagingFrontToBack</c>): break the back-to-front rule on purpose.</param>
    /// <param name="weakSettleRule">Test-only (<c>Sync:Testing:WeakSettleRule</c>): settle increment slices on counts alone, as before issue 15.</param>
    /// <param name="backfillByPosition">Test-only (<c>Sync:Testing:BackfillPagingByPosition</c>): page backfill days forward by position, as before the cut by created.</param>
    public static ITidPagePlan For(TradeWindow window, IReadOnlyList<string> tradeTypes, int maxPasses = IncrementPagePlan.DefaultMaxPasses,
        bool incrementFrontToBack = false, bool weakSettleRule = false, int maxPagesPerWindow = IncrementPagePlan.DefaultMaxPagesPerWindow,
        bool backfillByPosition = false)
    {
        ArgumentNullException.ThrowIfNull(window);
        // Refunds have no list by created (issue 18): a refund window of either kind, a backfill day over the horizon
        // or an increment slice, is a window of modified, listed like an increment slice. The test-only switches
        // reproduce old trade plans and have no refund counterpart.
        if (window.Stream == SyncStream.Refund)
            return new IncrementPagePlan(window, tradeTypes, maxPasses, maxPagesPerWindow: maxPagesPerWindow);
        return window.Kind switch
        {
            WindowKind.BackfillDay when backfillByPosition => new PositionalBackfillPlan(window, tradeTypes, maxPagesPerWindow: maxPagesPerWindow),
            WindowKind.BackfillDay => new BackfillPagePlan(window, tradeTypes, maxPagesPerWindow: maxPagesPerWindow, maxRounds: maxPasses),
            WindowKind.IncrementSlice when incrementFrontToBack || weakSettleRule =>
                new PositionalPagePlan(window, tradeTypes, maxPasses, frontToBack: incrementFrontToBack, maxPagesPerWindow: maxPagesPerWindow),
            WindowKind.IncrementSlice => new IncrementPagePlan(window, tradeTypes, maxPasses, maxPagesPerWindow: maxPagesPerWindow),
            _ => throw new ArgumentOutOfRangeException(nameof(window), window.Kind, "Unknown window kind."),
        };
    }
}
