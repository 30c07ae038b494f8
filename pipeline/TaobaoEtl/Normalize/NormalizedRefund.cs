namespace TaobaoEtl.Normalize;

/// <summary>A refund the normalizer accepted: its <c>staging.refund</c> row and the JSON for <c>raw.refund</c>.</summary>
public sealed record NormalizedRefund(RefundRow Refund, string RawJson)
{
    public string ShopId => Refund.ShopId;
    public long RefundId => Refund.RefundId;
}
