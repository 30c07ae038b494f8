using NodaTime;

namespace TaobaoEtl.TopSim.World;

/// <summary>A trade as the platform holds it at one instant (computed, never stored). Money in cents.</summary>
internal sealed class TradeSheet
{
    public required int Index { get; init; }
    public required long Tid { get; init; }
    public required SimShop Shop { get; init; }
    public required string Type { get; init; }
    public required Instant Created { get; init; }
    public Instant Modified { get; set; }
    public Instant? PayTime { get; set; }
    public Instant? ConsignTime { get; set; }
    public Instant? EndTime { get; set; }
    public string Status { get; set; } = "WAIT_BUYER_PAY";
    public string? StepTradeStatus { get; set; }
    public long StepPaidFee { get; set; }
    public required long PostFee { get; init; }
    public long TotalFee { get; init; }
    public long DiscountFee { get; init; }
    public long Payment => TotalFee - DiscountFee + PostFee;
    public long ReceivedPayment { get; set; }
    public required string BuyerNick { get; init; }
    public required string BuyerOpenUid { get; init; }
    public string? BuyerMessage { get; init; }
    public string? SellerMemo { get; set; }
    public int SellerFlag { get; set; }
    public required string ReceiverName { get; init; }
    public required string ReceiverState { get; init; }
    public required string ReceiverCity { get; init; }
    public required string ReceiverDistrict { get; init; }
    public required string ReceiverTown { get; init; }
    public required string ReceiverAddress { get; init; }
    public required string ReceiverZip { get; init; }
    public required string ReceiverMobile { get; init; }
    public required string Oaid { get; init; }
    public required string AlipayNo { get; init; }
    public required string TradeFrom { get; init; }
    public string? Sid { get; set; }
    public required LineSheet[] Lines { get; init; }
    public RefundSheet? Refund { get; set; }
}

internal sealed class LineSheet
{
    public required long Oid { get; init; }
    public required long NumIid { get; init; }
    public required long SkuId { get; init; }
    public required string OuterIid { get; init; }
    public required string OuterSkuId { get; init; }
    public required string Title { get; init; }
    public required string SkuPropertiesName { get; init; }
    public required long Price { get; init; }
    public required int Num { get; init; }
    public long TotalFee => Price * Num;
    public required long DiscountFee { get; init; }
    /// <summary>What the buyer pays for the line; on a single-line trade it includes the post fee.</summary>
    public required long Payment { get; init; }
    public long DivideOrderFee => TotalFee - DiscountFee;
    public required string PicPath { get; init; }
    public required long Cid { get; init; }
    public string Status { get; set; } = "WAIT_BUYER_PAY";
    public string RefundStatus { get; set; } = "NO_REFUND";
    public long? RefundId { get; set; }
    public Instant? ConsignTime { get; set; }
    public Instant? EndTime { get; set; }
    public string? LogisticsCompany { get; set; }
    public string? InvoiceNo { get; set; }
    public bool Closed => Status is "TRADE_CLOSED" or "TRADE_CLOSED_BY_TAOBAO";
}

internal sealed class RefundSheet
{
    public required long RefundId { get; init; }
    public required long Oid { get; init; }
    public required int Line { get; init; }
    public required Instant Created { get; init; }
    public Instant Modified { get; set; }
    public string Status { get; set; } = "WAIT_SELLER_AGREE";
    public required long RefundFee { get; init; }
    public required string Phase { get; init; }
    public required bool HasGoodReturn { get; init; }
    public string GoodStatus { get; set; } = "BUYER_NOT_RECEIVED";
    public required string Reason { get; init; }
    public required string Desc { get; init; }
    public string? CompanyName { get; set; }
    public string? Sid { get; set; }
    public required string OrderStatus { get; set; }
}
