namespace TaobaoEtl.Paging;

/// <summary>Why a list answer cannot be taken as it came (a platform fault of that window, never a bug of ours).</summary>
public enum ListAnswerFaultKind
{
    /// <summary>A page asked with <c>use_has_next=true</c> came without <c>has_next</c>: where the window ends is unknown.</summary>
    MissingHasNext,

    /// <summary>A count asked with <c>use_has_next=false</c> came without <c>total_results</c>.</summary>
    MissingCount,

    /// <summary><c>total_results</c> below zero.</summary>
    NegativeCount,

    /// <summary>The count and the page of one answer disagree (e.g. a count of 2 with an empty page).</summary>
    CountDisagreesWithPage,

    /// <summary>An empty page that claims more (<c>has_next=true</c>): following it would loop.</summary>
    EmptyPageClaimsMore,

    /// <summary>A page that lists only trades the window's earlier pages already listed while claiming more.</summary>
    PageRepeats,

    /// <summary>More trades than the page size asked for.</summary>
    OversizedPage,

    /// <summary>A trade whose key (<c>modified</c>, or <c>created</c> for a backfill day; or none) lies outside the window asked for.</summary>
    TradeOutsideWindow,

    /// <summary>A page not ordered by its key (<c>modified</c>, <c>created</c>) descending, the order the platform documents.</summary>
    OutOfOrder,

    /// <summary>
    /// An item listed without its id (a refund without <c>refund_id</c>): it can be neither fetched nor told from the
    /// others, so the page does not hold what its count says.
    /// </summary>
    MissingId,

    /// <summary>A backfill day, or one crowded second, needs more pages than <c>Sync:MaxPagesPerWindow</c>: walking them would burn the quota.</summary>
    BeyondPageBound,
}

/// <summary>
/// A list answer a page plan refused, with the page it answered. A plan asks for the same page again a few times
/// (<see cref="IsFinal"/> faults not: asking again cannot help); when the answers stay wrong the plan ends
/// <see cref="PagingOutcome.Refused"/> and the window is owed.
/// </summary>
public sealed record ListAnswerFault(ListAnswerFaultKind Kind, int PageNo, string Detail)
{
    /// <summary>How often a plan asks for a refused page before it gives the window up.</summary>
    public const int MaxBadAnswers = 3;

    public bool IsFinal => Kind == ListAnswerFaultKind.BeyondPageBound;

    public override string ToString() => $"{Kind} on page {PageNo}: {Detail}";
}
