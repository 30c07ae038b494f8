using Npgsql;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Sink;

/// <summary>
/// One row of each staging table into a binary COPY, columns in the order of <see cref="SinkSql"/>'s lists,
/// led by the row's position in the batch (<c>seq</c>), which ties lines to their trade version.
/// </summary>
internal static class CopyRows
{
    public static async Task WriteOrderAsync(NpgsqlBinaryImporter w, int seq, NormalizedTrade trade, CancellationToken ct)
    {
        var o = trade.Order;
        await w.StartRowAsync(ct);
        await w.Int32(seq, ct);
        await w.Text(o.ShopId, ct);
        await w.Int64(o.Tid, ct);
        await w.Text(o.OrderType, ct);
        await w.Text(o.TaobaoStatus, ct);
        await w.Text(o.ErpStatus, ct);
        await w.Time(o.Created, ct);
        await w.Time(o.PayTime, ct);
        await w.Time(o.ConsignTime, ct);
        await w.Time(o.EndTime, ct);
        await w.Time(o.Modified, ct);
        await w.Time(o.FetchedAt, ct);
        await w.Money(o.TotalFee, ct);
        await w.Money(o.Payment, ct);
        await w.Money(o.PostFee, ct);
        await w.Money(o.DiscountFee, ct);
        await w.Money(o.AdjustFee, ct);
        await w.Money(o.ReceivedPayment, ct);
        await w.Text(o.BuyerNick, ct);
        await w.Text(o.BuyerOpenUid, ct);
        await w.Text(o.SellerNick, ct);
        await w.Text(o.ReceiverName, ct);
        await w.Text(o.ReceiverState, ct);
        await w.Text(o.ReceiverCity, ct);
        await w.Text(o.ReceiverDistrict, ct);
        await w.Text(o.ReceiverTown, ct);
        await w.Text(o.ReceiverAddress, ct);
        await w.Text(o.ReceiverZip, ct);
        await w.Text(o.ReceiverMobile, ct);
        await w.Text(o.ReceiverPhone, ct);
        await w.Text(o.Oaid, ct);
        await w.Text(o.BuyerMessage, ct);
        await w.Text(o.SellerMemo, ct);
        await w.Int32(o.SellerFlag, ct);
        await w.Text(o.ShippingType, ct);
        await w.Text(o.TradeFrom, ct);
        await w.Text(o.StepTradeStatus, ct);
        await w.Money(o.StepPaidFee, ct);
        await w.Int32(o.LineCount, ct);
        await w.Json(trade.RawJson, ct);
    }

    public static async Task WriteLineAsync(NpgsqlBinaryImporter w, int seq, SalesOrderLineRow l, CancellationToken ct)
    {
        await w.StartRowAsync(ct);
        await w.Int32(seq, ct);
        await w.Text(l.ShopId, ct);
        await w.Int64(l.Tid, ct);
        await w.Int64(l.Oid, ct);
        await w.Int64(l.NumIid, ct);
        await w.Text(l.SkuId, ct);
        await w.Text(l.OuterIid, ct);
        await w.Text(l.OuterSkuId, ct);
        await w.Text(l.Title, ct);
        await w.Text(l.SkuPropertiesName, ct);
        await w.Money(l.Price, ct);
        await w.Int32(l.Quantity, ct);
        await w.Money(l.TotalFee, ct);
        await w.Money(l.Payment, ct);
        await w.Money(l.DiscountFee, ct);
        await w.Money(l.AdjustFee, ct);
        await w.Money(l.DivideOrderFee, ct);
        await w.Money(l.PartMjzDiscount, ct);
        await w.Text(l.Status, ct);
        await w.Text(l.RefundStatus, ct);
        await w.Int64(l.RefundId, ct);
        await w.Text(l.LogisticsCompany, ct);
        await w.Text(l.InvoiceNo, ct);
        await w.Time(l.ConsignTime, ct);
        await w.Time(l.EndTime, ct);
    }

    public static async Task WriteRefundAsync(NpgsqlBinaryImporter w, int seq, NormalizedRefund refund, CancellationToken ct)
    {
        var r = refund.Refund;
        await w.StartRowAsync(ct);
        await w.Int32(seq, ct);
        await w.Text(r.ShopId, ct);
        await w.Int64(r.RefundId, ct);
        await w.Int64(r.Tid, ct);
        await w.Int64(r.Oid, ct);
        await w.Text(r.Title, ct);
        await w.Text(r.BuyerNick, ct);
        await w.Text(r.SellerNick, ct);
        await w.Money(r.TotalFee, ct);
        await w.Money(r.RefundFee, ct);
        await w.Money(r.Payment, ct);
        await w.Text(r.Status, ct);
        await w.Text(r.GoodStatus, ct);
        await w.Text(r.OrderStatus, ct);
        await w.Text(r.RefundPhase, ct);
        await w.Text(r.DisputeType, ct);
        await w.Text(r.Reason, ct);
        await w.Text(r.Description, ct);
        await w.Boolean(r.HasGoodReturn, ct);
        await w.Text(r.CompanyName, ct);
        await w.Text(r.Sid, ct);
        await w.Time(r.Created, ct);
        await w.Time(r.Modified, ct);
        await w.Time(r.FetchedAt, ct);
        await w.Json(refund.RawJson, ct);
    }
}
