using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>Picks the page plan a window's kind calls for.</summary>
public static class TidPagePlan
{
    public static ITidPagePlan For(TradeWindow window, IReadOnlyList<string> tradeTypes, int maxPasses = IncrementPagePlan.DefaultMaxPasses)
    {
        ArgumentNullException.ThrowIfNull(window);
        return window.Kind switch
        {
            WindowKind.BackfillDay => new BackfillPagePlan(window, tradeTypes),
            WindowKind.IncrementSlice => new IncrementPagePlan(window, tradeTypes, maxPasses),
            _ => throw new ArgumentOutOfRangeException(nameof(window), window.Kind, "Unknown window kind."),
        };
    }
}
