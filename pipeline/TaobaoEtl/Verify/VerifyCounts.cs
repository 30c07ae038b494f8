namespace TaobaoEtl.Verify;

/// <summary>The report's wire shape: the order of the parameters is the order of the JSON keys.</summary>
internal sealed record VerifyCounts(
    long TradesTruth,
    long TradesDb,
    long Missing,
    long Stale,
    long Extra,
    long FieldMismatch,
    long LinesMismatch,
    long RefundsMissing,
    long RefundsStale,
    long RefundsExtra,
    long Quarantined,
    long DeadLetters,
    long Pending,
    long Owed);
