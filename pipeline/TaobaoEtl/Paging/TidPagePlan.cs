using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>Picks the page plan a window's kind calls for.</summary>
public static class TidPagePlan
{
    /// <param name="incrementFrontToBack">Test-only (<c>Sync:Testing:IncrementPagingFrontToBack</c>): break the back-to-front rule on purpose.</param>
    public static ITidPagePlan For(TradeWindow window, IReadOnlyList<string> tradeTypes, int maxPasses = IncrementPagePlan.DefaultMaxPasses,
        bool incrementFrontToBack = false)
    {
        ArgumentNullException.ThrowIfNull(window);
        return window.Kind switch
        {
            WindowKind.BackfillDay => new BackfillPagePlan(window, tradeTypes),
            WindowKind.IncrementSlice => new IncrementPagePlan(window, tradeTypes, maxPasses, frontToBack: incrementFrontToBack),
            _ => throw new ArgumentOutOfRangeException(nameof(window), window.Kind, "Unknown window kind."),
        };
    }
}
