using NodaTime;

namespace TaobaoEtl.TopSim.World;

/// <summary>One line (sub-order) of a trade at one instant. Its words are drawn lazily: most answers never show them.</summary>
internal sealed class LineSheet
{
    private LineText? _text;

    public required long Seed { get; init; }
    public required int TradeIndex { get; init; }
    public required int LineNo { get; init; }
    public required long Oid { get; init; }
    public required long NumIid { get; init; }
    public required long SkuId { get; init; }
    public string OuterIid => "SP" + (NumIid % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    public string OuterSkuId => OuterIid.Replace("SP", "SKU", StringComparison.Ordinal) + "-" + LineNo.ToString(System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>Whether the trade's text is messy (<see cref="MessyText"/>).</summary>
    public required bool Messy { get; init; }
    public string Title => (_text ??= LineText.Draw(Seed, TradeIndex, LineNo, Messy)).Title;
    public string SkuPropertiesName => (_text ??= LineText.Draw(Seed, TradeIndex, LineNo, Messy)).SkuPropertiesName;
    public required long Price { get; init; }
    public required int Num { get; init; }
    /// <summary>The seller's manual price change on the line (改价), either sign.</summary>
    public required long AdjustFee { get; init; }
    /// <summary>The line-level discount (单品优惠), which the line's <see cref="TotalFee"/> is already net of.</summary>
    public required long DiscountFee { get; init; }
    /// <summary><c>price × num + adjust_fee − discount_fee</c> (top-api.md §4): what the line costs before the shop-wide promotion.</summary>
    public long TotalFee => Price * Num + AdjustFee - DiscountFee;
    /// <summary>The line's share of the shop-wide 满减 (the trade's <c>discount_fee</c>).</summary>
    public required long PartMjzDiscount { get; init; }
    /// <summary>The line's share of what the buyer paid for the goods: <see cref="TotalFee"/> less its 满减 share, no post fee.</summary>
    public long DivideOrderFee => TotalFee - PartMjzDiscount;
    /// <summary>What the buyer paid for the line; on a single-line trade it includes the post fee (it is the trade's payment).</summary>
    public required long Payment { get; init; }
    public string PicPath => "https://img.alicdn.com/bao/uploaded/i" + (LineNo % 4).ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + NumIid.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".jpg";
    public required long Cid { get; init; }
    public string Status { get; set; } = "WAIT_BUYER_PAY";
    public string RefundStatus { get; set; } = "NO_REFUND";
    public long? RefundId { get; set; }
    /// <summary>Σ refund_fee of the line's refunds that succeeded (exchanges too): a new refund asks at most <see cref="Payment"/> less this.</summary>
    public long RefundedFee { get; set; }
    public Instant? ConsignTime { get; set; }
    public Instant? EndTime { get; set; }
    public string? LogisticsCompany { get; set; }
    public string? InvoiceNo { get; set; }
    public bool Closed => Status is "TRADE_CLOSED" or "TRADE_CLOSED_BY_TAOBAO";
}
