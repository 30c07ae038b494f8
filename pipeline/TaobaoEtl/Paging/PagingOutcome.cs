namespace TaobaoEtl.Paging;

/// <summary>How a page plan ended.</summary>
public enum PagingOutcome
{
    /// <summary>Still asking for pages.</summary>
    Reading,

    /// <summary>Every trade in the window was listed (for an increment slice: proven, see <see cref="IncrementPagePlan"/>).</summary>
    Settled,

    /// <summary>
    /// An increment slice could not be proven complete within its allowed rounds: the I/O loop lists its halves
    /// (<see cref="UnsettledSlicePolicy"/>); one that is already minimal is owed, never accepted.
    /// </summary>
    Unsettled,

    /// <summary>The platform's answers stayed wrong (<see cref="ListAnswerFault"/>): the window is owed.</summary>
    Refused,

    /// <summary>
    /// One second of the window's key (100 trades or more in it: the platform's resolution, so no cut is finer) could
    /// not be proven complete. Halving the window leaves that second whole and pages it again through the same idle
    /// passes (a one-day window, ten halvings: thousands of calls for nothing), so the window is owed at once: its
    /// watermark waits and the owed-window retry lists it again later.
    /// </summary>
    Owed,
}
