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
    public RefundSheet? Refund { get; set; }
}

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

/// <summary>A line's words, drawn from their own stream only when a response shows them.</summary>
internal sealed record LineText(string Title, string SkuPropertiesName)
{
    public static LineText Draw(long seed, int index, int line)
    {
        var rng = new SplitMix(seed, index, 300 + line);
        var title = rng.Pick(CjkCatalog.Prefixes) + rng.Pick(CjkCatalog.Brands) + rng.Pick(CjkCatalog.Products);
        return new LineText(title, "颜色分类:" + rng.Pick(CjkCatalog.Colours) + ";尺码:" + rng.Pick(CjkCatalog.Sizes));
    }
}
