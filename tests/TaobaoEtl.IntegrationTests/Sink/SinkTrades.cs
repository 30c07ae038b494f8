using NodaTime;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.IntegrationTests.Sink;

/// <summary>Trades and refunds for sink tests, built directly as normalized rows; each version is recognisable.</summary>
internal static class SinkTrades
{
    public static readonly Instant Base = Instant.FromUtc(2026, 11, 10, 16, 0, 0);

    public static NormalizedTrade Trade(string shop, long tid, int modifiedSecond, int fetchedSecond, int lines = 2, string? label = null)
    {
        var modified = Base + Duration.FromSeconds(modifiedSecond);
        var fetched = Base + Duration.FromSeconds(fetchedSecond);
        label ??= $"m{modifiedSecond}-f{fetchedSecond}";
        var rows = Enumerable.Range(1, lines).Select(i => new SalesOrderLineRow
        {
            ShopId = shop,
            Tid = tid,
            Oid = (tid * 100) + i,
            NumIid = 600000000000 + i,
            SkuId = $"sku-{i}",
            Title = $"测试商品 {i} {label}",
            Price = 19.90m + i,
            Quantity = i,
            Payment = (19.90m + i) * i,
            Status = "WAIT_SELLER_SEND_GOODS",
            RefundStatus = "NO_REFUND",
        }).ToArray();
        var order = new SalesOrderRow
        {
            ShopId = shop,
            Tid = tid,
            OrderType = "fixed",
            TaobaoStatus = "WAIT_SELLER_SEND_GOODS",
            ErpStatus = "to_ship",
            Created = Base,
            PayTime = Base + Duration.FromSeconds(1),
            Modified = modified,
            FetchedAt = fetched,
            Payment = 123.45m,
            TotalFee = 130.00m,
            BuyerNick = "t**1",
            ReceiverName = "屈**",
            ReceiverAddress = "文**路**号",
            ReceiverMobile = "1389289****",
            BuyerMessage = label,
            SellerFlag = 1,
            LineCount = rows.Length,
        };
        var raw = $"{{\"tid\":{tid},\"modified\":\"{modifiedSecond}\",\"label\":\"{label}\",\"big\":163288460521882636}}";
        return new NormalizedTrade(order, rows, raw);
    }

    public static NormalizedRefund Refund(string shop, long refundId, int modifiedSecond, int fetchedSecond, string status)
    {
        var row = new RefundRow
        {
            ShopId = shop,
            RefundId = refundId,
            Tid = refundId / 10,
            Oid = refundId / 10 * 100,
            Title = "手工青瓷茶杯",
            RefundFee = 94.30m,
            Status = status,
            HasGoodReturn = false,
            Created = Base,
            Modified = Base + Duration.FromSeconds(modifiedSecond),
            FetchedAt = Base + Duration.FromSeconds(fetchedSecond),
        };
        return new NormalizedRefund(row, $"{{\"refund_id\":{refundId},\"status\":\"{status}\"}}");
    }
}
