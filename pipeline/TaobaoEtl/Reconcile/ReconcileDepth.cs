namespace TaobaoEtl.Reconcile;

/// <summary>How deep a slice is checked, as <c>etl.reconciliation.depth</c> records it.</summary>
public enum ReconcileDepth
{
    /// <summary>One call: the platform's <c>total_results</c> against staging's count; a difference turns the slice into <see cref="Full"/>.</summary>
    Count,

    /// <summary>Every (tid, <c>modified</c>) listed (about one call per 100 trades) and diffed against staging.</summary>
    Full,

    /// <summary>A resync with <c>--force</c>: every listed trade is fetched again, whatever its stored copy.</summary>
    Force,
}
