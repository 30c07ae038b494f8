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
    /// <summary>The goods at their listed price: Σ price × num (before any discount or adjustment).</summary>
    public required long TotalFee { get; init; }
    /// <summary>The shop-wide 满减 on the trade; line-level discounts sit on the lines (a trade can show 0.00 here while a line has 74.20).</summary>
    public required long DiscountFee { get; init; }
    /// <summary>The seller's manual adjustment: the line's on a single-line trade, 0 on a multi-line one (as the platform writes it).</summary>
    public required long AdjustFee { get; init; }
    /// <summary>What the buyer paid: Σ the lines' <c>divide_order_fee</c> + post fee. Never re-derived from the trade's own fields.</summary>
    public required long Payment { get; init; }
    /// <summary>Whether this trade's text is messy (<see cref="MessyText"/>): memos written later follow it too.</summary>
    public required bool Messy { get; init; }
    public long ReceivedPayment { get; set; }
    public required string BuyerNick { get; init; }
    public required TradeWorld World { get; init; }
    // Long derived identifiers are drawn only when a response asks for them: the truth export never does.
    public string BuyerOpenUid => "AAH" + WorldBuilder.Hex(World.Seed, Index, 31, 21).ToUpperInvariant();
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
    public string Oaid => WorldBuilder.Hex(World.Seed, Index, 32, 32) + WorldBuilder.Hex(World.Seed, Index, 33, 8);
    public string AlipayNo => "2026" + (SplitMix.Hash(World.Seed, Index, 34) % 1_000_000_000_000_000_000).ToString("D24", System.Globalization.CultureInfo.InvariantCulture);
    public required string TradeFrom { get; init; }
    public string? Sid { get; set; }
    public required LineSheet[] Lines { get; init; }
    /// <summary>Every refund asked so far, by <see cref="RefundSheet.Ordinal"/> (a line names its latest in <c>refund_id</c>).</summary>
    public List<RefundSheet> Refunds => _refunds ??= [];
    public bool HasRefunds => _refunds is { Count: > 0 };
    private List<RefundSheet>? _refunds;
}
