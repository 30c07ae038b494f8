using NodaTime;

namespace TaobaoEtl.Verify;

/// <summary>A shop of <c>etl.shop</c> with what its sync state says about the scope of verification.</summary>
internal sealed record ShopRecord(string ShopId, string? SellerNick, Interval? Backfill, Instant? TradeWatermark, Instant? RefundWatermark);
