using NodaTime;

namespace TaobaoEtl.TopSim.World;

/// <summary>A trade's refund at one instant (the simulator gives a trade at most one).</summary>
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
