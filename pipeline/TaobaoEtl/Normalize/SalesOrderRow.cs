using NodaTime;

namespace TaobaoEtl.Normalize;

/// <summary>One <c>staging.sales_order</c> row: a trade as the ERP reads it. Column names follow the table.</summary>
public sealed record SalesOrderRow
{
    public required string ShopId { get; init; }
    public required long Tid { get; init; }
    public string? OrderType { get; init; }
    public required string TaobaoStatus { get; init; }
    public required string ErpStatus { get; init; }
    public Instant? Created { get; init; }
    public Instant? PayTime { get; init; }
    public Instant? ConsignTime { get; init; }
    public Instant? EndTime { get; init; }
    public required Instant Modified { get; init; }
    /// <summary>When the platform answered (its <c>Date</c> header): with <see cref="Modified"/> the row's version.</summary>
    public required Instant FetchedAt { get; init; }
    public decimal? TotalFee { get; init; }
    public decimal? Payment { get; init; }
    public decimal? PostFee { get; init; }
    public decimal? DiscountFee { get; init; }
    public decimal? AdjustFee { get; init; }
    public decimal? ReceivedPayment { get; init; }
    public string? BuyerNick { get; init; }
    public string? BuyerOpenUid { get; init; }
    public string? SellerNick { get; init; }
    public string? ReceiverName { get; init; }
    public string? ReceiverState { get; init; }
    public string? ReceiverCity { get; init; }
    public string? ReceiverDistrict { get; init; }
    public string? ReceiverTown { get; init; }
    public string? ReceiverAddress { get; init; }
    public string? ReceiverZip { get; init; }
    public string? ReceiverMobile { get; init; }
    public string? ReceiverPhone { get; init; }
    public string? Oaid { get; init; }
    public string? BuyerMessage { get; init; }
    public string? SellerMemo { get; init; }
    public int? SellerFlag { get; init; }
    public string? ShippingType { get; init; }
    public string? TradeFrom { get; init; }
    public string? StepTradeStatus { get; init; }
    public decimal? StepPaidFee { get; init; }
    public required int LineCount { get; init; }
}
