namespace TaobaoEtl.Verify;

/// <summary>The running counts of one verification and its first offenders (defects and refunds kept apart, so refunds never crowd out a missed trade).</summary>
internal sealed class VerifyTally(int offenderLimit)
{
    private readonly List<VerifyOffender> _defects = [];
    private readonly List<VerifyOffender> _refunds = [];

    public long TradesTruth, TradesDb, Missing, Stale, Extra, FieldMismatch, LinesMismatch, RefundsMissing, RefundsStale, RefundsExtra, Pending;

    /// <summary>Whether an offender of this kind would still be listed (details cost a query; skip them when not).</summary>
    public bool Lists(OffenceKind kind) => ListOf(kind).Count < offenderLimit;

    public void Count(OffenceKind kind, long tid, string shopId, Func<string> detail)
    {
        switch (kind)
        {
            case OffenceKind.Missing: Missing++; break;
            case OffenceKind.Stale: Stale++; break;
            case OffenceKind.Extra: Extra++; break;
            case OffenceKind.FieldMismatch: FieldMismatch++; break;
            case OffenceKind.LinesMismatch: LinesMismatch++; break;
            case OffenceKind.RefundMissing: RefundsMissing++; break;
            case OffenceKind.RefundStale: RefundsStale++; break;
            case OffenceKind.RefundExtra: RefundsExtra++; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        if (Lists(kind)) ListOf(kind).Add(new VerifyOffender(tid, shopId, kind, detail()));
    }

    private List<VerifyOffender> ListOf(OffenceKind kind) =>
        kind is OffenceKind.RefundMissing or OffenceKind.RefundStale or OffenceKind.RefundExtra ? _refunds : _defects;

    public VerifyReport ToReport(long quarantined, long deadLetters, long owed, IReadOnlyList<ShopScope> shops) => new()
    {
        TradesTruth = TradesTruth,
        TradesDb = TradesDb,
        Missing = Missing,
        Stale = Stale,
        Extra = Extra,
        FieldMismatch = FieldMismatch,
        LinesMismatch = LinesMismatch,
        RefundsMissing = RefundsMissing,
        RefundsStale = RefundsStale,
        RefundsExtra = RefundsExtra,
        Quarantined = quarantined,
        DeadLetters = deadLetters,
        Pending = Pending,
        Owed = owed,
        Offenders = [.. _defects, .. _refunds],
        Shops = shops,
    };
}
