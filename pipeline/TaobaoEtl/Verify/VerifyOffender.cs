namespace TaobaoEtl.Verify;

/// <summary>One trade (or refund) that breaks the promise, with what is wrong in words (field names and both values, never a secret).</summary>
public sealed record VerifyOffender(long Tid, string ShopId, OffenceKind Kind, string Detail)
{
    /// <summary>The wire name of <see cref="Kind"/>, as in the report's JSON keys.</summary>
    public string KindName => Kind switch
    {
        OffenceKind.Missing => "missing",
        OffenceKind.Stale => "stale",
        OffenceKind.Extra => "extra",
        OffenceKind.FieldMismatch => "field_mismatch",
        OffenceKind.LinesMismatch => "lines_mismatch",
        OffenceKind.RefundMissing => "refunds_missing",
        OffenceKind.RefundStale => "refunds_stale",
        OffenceKind.RefundExtra => "refunds_extra",
        _ => Kind.ToString(),
    };

    /// <summary>A refund's offence (missing, stale, extra), listed apart from the trades' defects; <see cref="Tid"/> is the refund's trade.</summary>
    public bool IsRefund => Kind is OffenceKind.RefundMissing or OffenceKind.RefundStale or OffenceKind.RefundExtra;

    public override string ToString() => $"{KindName} shop {ShopId} tid {Tid}: {Detail}";
}
