using NodaTime;

namespace TaobaoEtl.Normalize;

/// <summary>One <c>staging.sales_order_line</c> row: a sub-order (<c>orders.order[]</c>) of a trade.</summary>
public sealed record SalesOrderLineRow
{
    public required string ShopId { get; init; }
    public required long Tid { get; init; }
    public required long Oid { get; init; }
    public long? NumIid { get; init; }
    public string? SkuId { get; init; }
    public string? OuterIid { get; init; }
    public string? OuterSkuId { get; init; }
    public string? Title { get; init; }
    public string? SkuPropertiesName { get; init; }
    public decimal? Price { get; init; }
    public int? Quantity { get; init; }
    public decimal? TotalFee { get; init; }
    public decimal? Payment { get; init; }
    public decimal? DiscountFee { get; init; }
    public decimal? AdjustFee { get; init; }
    public decimal? DivideOrderFee { get; init; }
    public decimal? PartMjzDiscount { get; init; }
    public string? Status { get; init; }
    public string? RefundStatus { get; init; }
    public long? RefundId { get; init; }
    public string? LogisticsCompany { get; init; }
    public string? InvoiceNo { get; init; }
    public Instant? ConsignTime { get; init; }
    public Instant? EndTime { get; init; }
}
