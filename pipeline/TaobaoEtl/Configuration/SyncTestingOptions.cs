namespace TaobaoEtl.Configuration;

/// <summary>
/// Settings that exist only so a test can prove a harness notices a broken rule (<c>Sync:Testing:…</c>).
/// Each one makes the product lose orders on purpose.
/// </summary>
public sealed class SyncTestingOptions
{
    /// <summary>
    /// TEST-ONLY, breaks the platform rule: increment slices are read front to back (page 1 to the last page,
    /// no recount), so a trade that shifts onto an already-read page is missed. The chaos harness uses it to
    /// show that it catches the loss.
    /// </summary>
    public bool IncrementPagingFrontToBack { get; set; }

    /// <summary>
    /// TEST-ONLY, breaks the settle rule: increment slices are paged back to front and settle when the recount did not
    /// grow and the distinct tids reach it (the rule before issue 15), so a trade pushed onto a read page by a late
    /// change, while a departure keeps the count, is never listed. The chaos harness uses it to show the loss.
    /// </summary>
    public bool WeakSettleRule { get; set; }

    /// <summary>
    /// TEST-ONLY, breaks the skip rule: a trade's <c>fetched_at</c> is the answer's <c>Date</c> (the rule before issue 15)
    /// instead of a lower bound of the read (<c>Date</c> second minus the round trip). <c>Date</c> is stamped when the
    /// answer leaves, after the read (top-api.md §2a), so a copy read at S.6 that left at S+1.1 passes for having seen
    /// every change of second S, and a later change of that second is skipped as known for good. The chaos harness uses
    /// it to show the loss.
    /// </summary>
    public bool TrustDateHeader { get; set; }

    /// <summary>
    /// TEST-ONLY, breaks the tie rule: backfill days are paged forward by position (page 1, 2, … with
    /// <c>use_has_next=true</c>, the plan before the cut by <c>created</c>), so two trades created in one second that
    /// swap across a page edge between two calls leave one never listed. The harnesses use it to show the loss.
    /// </summary>
    public bool BackfillPagingByPosition { get; set; }

    /// <summary>
    /// TEST-ONLY, breaks the run on purpose: the named stage of the pipeline throws on its first item, so a test can fault
    /// each stage in turn and see the run fail cleanly (the fault reported, nothing claimed done, no hang).
    /// </summary>
    public Flow.FlowStage? FailStage { get; set; }
}
