namespace TaobaoEtl.Reconcile;

/// <summary>What a checked slice covers, as <c>etl.reconciliation.slice_kind</c> records it.</summary>
public enum ReconcileSliceKind
{
    /// <summary>The trades created in one platform day (<c>taobao.trades.sold.get</c>): created never changes, so a day's set is fixed.</summary>
    Day,

    /// <summary>The trades modified in a stretch of the last hours (<c>taobao.trades.sold.increment.get</c>): finds stale copies of old trades.</summary>
    Recent,

    /// <summary>A range an operator asked <c>resync</c> to re-list, by created or by modified.</summary>
    Resync,
}
