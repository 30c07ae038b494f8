using NodaTime;

namespace TaobaoEtl.State;

/// <summary>
/// One checked slice as <c>etl.reconciliation</c> records it (the text values are the table's CHECK values), with the
/// trades behind its numbers for <c>etl.reconciliation_trade</c>.
/// </summary>
public sealed record ReconciliationRow(
    long RunId, string ShopId, string SliceKind, Interval Range, string Depth, long? PlatformCount, long StagedCount,
    int Missing, int Stale, int Damaged, int Unknown, int Pending, int Repaired, int Owed, string Verdict, int Calls,
    IReadOnlyList<ReconciliationTradeRow> Trades)
{
    /// <summary>The stream the slice checked (for refunds, <see cref="ReconciliationTradeRow.Tid"/> holds refund_ids).</summary>
    public Windows.SyncStream Stream { get; init; } = Windows.SyncStream.Trade;
}

/// <summary>One trade a slice found (<c>finding</c>: missing, stale, damaged or unknown) and whether the repair brought it back.</summary>
public sealed record ReconciliationTradeRow(long Tid, string Finding, Instant? ListedModified, Instant? StagedModified, bool? Repaired);

/// <summary>A shop's last reconciliation as <c>status</c> shows it: when, over how many days, and what it left.</summary>
public sealed record LastReconciliation(string ShopId, long RunId, Instant CheckedAt, long Slices, long Differing, long Missing, long Stale,
    long Damaged, long Repaired, long Owed, long Unlisted);
