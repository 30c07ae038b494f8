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
    public string Title => (_text ??= LineText.Draw(Seed, TradeIndex, LineNo)).Title;
    public string SkuPropertiesName => (_text ??= LineText.Draw(Seed, TradeIndex, LineNo)).SkuPropertiesName;
    public required long Price { get; init; }
    public required int Num { get; init; }
    public long TotalFee => Price * Num;
    public required long DiscountFee { get; init; }
    /// <summary>What the buyer pays for the line; on a single-line trade it includes the post fee.</summary>
    public required long Payment { get; init; }
    public long DivideOrderFee => TotalFee - DiscountFee;
    public string PicPath => "https://img.alicdn.com/bao/uploaded/i" + (LineNo % 4).ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + NumIid.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".jpg";
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
