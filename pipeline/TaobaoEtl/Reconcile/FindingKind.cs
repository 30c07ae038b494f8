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

    /// <summary>A resync only: the copy has the listed version but was not provably read after it (fetched again).</summary>
    Unproven,
}
