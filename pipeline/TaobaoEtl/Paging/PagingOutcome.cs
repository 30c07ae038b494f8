namespace TaobaoEtl.Paging;

/// <summary>How a page plan ended.</summary>
public enum PagingOutcome
{
    /// <summary>Still asking for pages.</summary>
    Reading,

    /// <summary>Every trade in the window was listed.</summary>
    Settled,

    /// <summary>
    /// An increment slice kept moving through every allowed re-read: the I/O loop halves it
    /// (<see cref="Windows.TradeWindow.Halve"/>, see <see cref="UnsettledSlicePolicy"/>) and lists the halves.
    /// </summary>
    Unsettled,
}
