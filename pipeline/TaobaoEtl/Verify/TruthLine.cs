using NodaTime;

namespace TaobaoEtl.Verify;

/// <summary>
/// One NDJSON line of TopSim's <c>/sim/truth</c>: a trade (<c>"kind":"trade"</c>) in its latest true state, or
/// the refund that follows it (<c>"kind":"refund"</c>). Written from the format TopSim documents, not from its
/// code: the library shares no code with the simulator.
/// </summary>
internal sealed class TruthLine
{
    public const string TradeKind = "trade", RefundKind = "refund";

    public string? Kind { get; set; }
    public long Tid { get; set; }
    public long ShopId { get; set; }
    public string? SellerNick { get; set; }
    public string? Type { get; set; }
    public string? Status { get; set; }
    public Instant? Created { get; set; }
    public Instant? Modified { get; set; }

    /// <summary>
    /// When the platform's list index showed the latest change (TopSim knows it; the second, floored); null from a
    /// truth that does not say, and then the look-back band decides what is pending.
    /// </summary>
    public Instant? IndexedAt { get; set; }
    public Instant? PayTime { get; set; }
    public Instant? ConsignTime { get; set; }
    public Instant? EndTime { get; set; }
    public decimal? Payment { get; set; }
    public decimal? TotalFee { get; set; }
    public decimal? PostFee { get; set; }
    public decimal? DiscountFee { get; set; }
    public decimal? ReceivedPayment { get; set; }
    public string? StepTradeStatus { get; set; }
    public decimal? StepPaidFee { get; set; }
    public string? BuyerNick { get; set; }
    public string? SellerMemo { get; set; }
    public int? SellerFlag { get; set; }
    public List<TruthOrderLine>? Lines { get; set; }

    // Refund lines only (a trade's line may be refunded more than once: one refund line each, after the trade line).
    // Status and Modified above are the refund's own; TotalFee and Payment, when a truth writes them for a refund, too.
    public long? RefundId { get; set; }
    public long? Oid { get; set; }
    public decimal? RefundFee { get; set; }

    /// <summary>The refund's kind of bill (refund only, return and refund, ...): shown in an offender's detail, not compared (staging has no such column).</summary>
    public string? BillType { get; set; }
}

/// <summary>One sub-order of a truth trade.</summary>
internal sealed class TruthOrderLine
{
    public long Oid { get; set; }
    public string? Status { get; set; }
    public string? RefundStatus { get; set; }
    public long? RefundId { get; set; }
    public decimal? Price { get; set; }
    public int? Num { get; set; }
    public decimal? TotalFee { get; set; }
    public decimal? DiscountFee { get; set; }
    public decimal? Payment { get; set; }
}
