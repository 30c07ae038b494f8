using NodaTime;

namespace TaobaoEtl.TopSim.World;

/// <summary>One refund of a trade's line at one instant; a trade can have several, a line one after another.</summary>
internal sealed class RefundSheet
{
    /// <summary>The refund's place among its trade's refunds, in the order they were asked for (part of its id).</summary>
    public required int Ordinal { get; init; }
    public required long RefundId { get; init; }
    public required long Oid { get; init; }
    public required int Line { get; init; }
    public required RefundBill Bill { get; init; }
    public string BillType => RefundTag.BillName(Bill);
    public required Instant Created { get; init; }
    public Instant Modified { get; set; }
    public string Status { get; set; } = RefundStatuses.WaitSellerAgree;
    public required long RefundFee { get; init; }
    public required string Phase { get; init; }
    public required bool HasGoodReturn { get; init; }
    public string GoodStatus { get; set; } = "BUYER_NOT_RECEIVED";
    public required string Reason { get; init; }
    public string Desc { get; set; } = "";
    public string? CompanyName { get; set; }
    public string? Sid { get; set; }
    public required string OrderStatus { get; set; }
    public bool Ended => Status is RefundStatuses.Success or RefundStatuses.Closed;
}
