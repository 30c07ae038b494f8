namespace TaobaoEtl.Reconcile;

/// <summary>What a reconcile found about one trade, as <c>etl.reconciliation_trade.finding</c> records it.</summary>
public enum FindingKind
{
    /// <summary>The platform lists it; staging does not hold it.</summary>
    Missing,

    /// <summary>Staging holds a copy older than the listed <c>modified</c>.</summary>
    Stale,

    /// <summary>Staging holds it at the listed version or later, but not whole (lines or the raw payload gone).</summary>
    Damaged,

    /// <summary>Staging holds it; the platform does not list it in the slice (reported, never deleted).</summary>
    Unknown,

    /// <summary>
    /// The copy was not provably read after its listed <c>modified</c> second (the known filter's rule): fetched again, not
    /// counted as a difference. A resync also counts here a copy newer than listed (the list lagging).
    /// </summary>
    Unproven,
}
