namespace TaobaoEtl.Verify;

/// <summary>What is wrong with one trade (or refund) in staging, compared with the platform's truth.</summary>
public enum OffenceKind
{
    /// <summary>An in-scope trade whose latest change is due is absent from <c>staging.sales_order</c>.</summary>
    Missing,
    /// <summary>Staging holds an older <c>modified</c> than the truth's latest change, which is due.</summary>
    Stale,
    /// <summary>A staging row whose tid the platform does not know for that shop.</summary>
    Extra,
    /// <summary>Same <c>modified</c>, but a key field differs (status, ERP status, amounts, times, buyer, memo, flag), or staging is ahead of the truth.</summary>
    FieldMismatch,
    /// <summary>Same <c>modified</c>, but the lines differ (oid set, quantities, amounts, statuses).</summary>
    LinesMismatch,
    /// <summary>A refund of an in-scope trade, due by its <c>modified</c>, absent from <c>staging.refund</c>.</summary>
    RefundMissing,
    /// <summary>
    /// A refund of an in-scope trade, due by its <c>modified</c>, staged with another <c>modified</c> (older or ahead),
    /// status or amount (<c>refund_fee</c>; <c>total_fee</c> and <c>payment</c> when the truth states them) than the truth's.
    /// </summary>
    RefundStale,
    /// <summary>A staged refund whose refund id the platform does not know for that shop.</summary>
    RefundExtra,
}
