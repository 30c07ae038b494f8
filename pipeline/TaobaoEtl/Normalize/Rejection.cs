namespace TaobaoEtl.Normalize;

/// <summary>
/// Input the normalizer could not map, kept whole for <c>etl.quarantine</c>: the reason says which field and
/// why, the raw text is what arrived (base64 with a <c>base64:</c> prefix when the bytes are not storable
/// as PostgreSQL text), so nothing is lost and the trade can be replayed once the cause is fixed.
/// </summary>
/// <param name="ShopId">The shop the input belongs to.</param>
/// <param name="Source">What kind of input it was: <c>trade</c> or <c>refund</c>.</param>
/// <param name="Tid">The trade id when it could be read before the failure (for a refund: its tid, if read).</param>
/// <param name="Reason">Which field failed and why, precise enough to fix the cause without the raw text.</param>
/// <param name="RawText">The input as it arrived.</param>
public sealed record Rejection(string ShopId, string Source, long? Tid, string Reason, string RawText)
{
    /// <summary>Source value of rejected trades.</summary>
    public const string TradeSource = "trade";

    /// <summary>Source value of rejected refunds.</summary>
    public const string RefundSource = "refund";
}
