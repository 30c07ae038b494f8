using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Normalize;

/// <summary>
/// Writes a <see cref="NormalizedTrade"/> as the ERP rows it stands for, with the tables' column names,
/// for <c>taobao-etl normalize</c>. Times are RFC 3339 in Asia/Shanghai (what a seller reads), money keeps
/// its scale, ids are JSON numbers written from 64-bit integers (exact in the text).
/// </summary>
public static class NormalizedTradeJson
{

    /// <summary>Writes one object: <c>source</c> (when given), <c>sales_order</c> and <c>sales_order_lines</c>.</summary>
    public static void Write(Utf8JsonWriter writer, NormalizedTrade trade, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(trade);
        var o = trade.Order;
        writer.WriteStartObject();
        if (source is not null) writer.WriteString("source", source);
        writer.WriteStartObject("sales_order");
        Text(writer, "shop_id", o.ShopId);
        writer.WriteNumber("tid", o.Tid);
        Text(writer, "order_type", o.OrderType);
        Text(writer, "taobao_status", o.TaobaoStatus);
        Text(writer, "erp_status", o.ErpStatus);
        Time(writer, "created", o.Created);
        Time(writer, "pay_time", o.PayTime);
        Time(writer, "consign_time", o.ConsignTime);
        Time(writer, "end_time", o.EndTime);
        Time(writer, "modified", o.Modified);
        Time(writer, "fetched_at", o.FetchedAt);
        Money(writer, "total_fee", o.TotalFee);
        Money(writer, "payment", o.Payment);
        Money(writer, "post_fee", o.PostFee);
        Money(writer, "discount_fee", o.DiscountFee);
        Money(writer, "adjust_fee", o.AdjustFee);
        Money(writer, "received_payment", o.ReceivedPayment);
        Text(writer, "buyer_nick", o.BuyerNick);
        Text(writer, "buyer_open_uid", o.BuyerOpenUid);
        Text(writer, "seller_nick", o.SellerNick);
        Text(writer, "receiver_name", o.ReceiverName);
        Text(writer, "receiver_state", o.ReceiverState);
        Text(writer, "receiver_city", o.ReceiverCity);
        Text(writer, "receiver_district", o.ReceiverDistrict);
        Text(writer, "receiver_town", o.ReceiverTown);
        Text(writer, "receiver_address", o.ReceiverAddress);
        Text(writer, "receiver_zip", o.ReceiverZip);
        Text(writer, "receiver_mobile", o.ReceiverMobile);
        Text(writer, "receiver_phone", o.ReceiverPhone);
        Text(writer, "oaid", o.Oaid);
        Text(writer, "buyer_message", o.BuyerMessage);
        Text(writer, "seller_memo", o.SellerMemo);
        Integer(writer, "seller_flag", o.SellerFlag);
        Text(writer, "shipping_type", o.ShippingType);
        Text(writer, "trade_from", o.TradeFrom);
        Text(writer, "step_trade_status", o.StepTradeStatus);
        Money(writer, "step_paid_fee", o.StepPaidFee);
        writer.WriteNumber("line_count", o.LineCount);
        writer.WriteEndObject();

        writer.WriteStartArray("sales_order_lines");
        foreach (var l in trade.Lines)
        {
            writer.WriteStartObject();
            Text(writer, "shop_id", l.ShopId);
            writer.WriteNumber("tid", l.Tid);
            writer.WriteNumber("oid", l.Oid);
            Id(writer, "num_iid", l.NumIid);
            Text(writer, "sku_id", l.SkuId);
            Text(writer, "outer_iid", l.OuterIid);
            Text(writer, "outer_sku_id", l.OuterSkuId);
            Text(writer, "title", l.Title);
            Text(writer, "sku_properties_name", l.SkuPropertiesName);
            Money(writer, "price", l.Price);
            Integer(writer, "quantity", l.Quantity);
            Money(writer, "total_fee", l.TotalFee);
            Money(writer, "payment", l.Payment);
            Money(writer, "discount_fee", l.DiscountFee);
            Money(writer, "adjust_fee", l.AdjustFee);
            Money(writer, "divide_order_fee", l.DivideOrderFee);
            Money(writer, "part_mjz_discount", l.PartMjzDiscount);
            Text(writer, "status", l.Status);
            Text(writer, "refund_status", l.RefundStatus);
            Id(writer, "refund_id", l.RefundId);
            Text(writer, "logistics_company", l.LogisticsCompany);
            Text(writer, "invoice_no", l.InvoiceNo);
            Time(writer, "consign_time", l.ConsignTime);
            Time(writer, "end_time", l.EndTime);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    private static void Money(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteNumber(name, value.Value);
    }

    private static void Id(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteNumber(name, value.Value);
    }

    private static void Integer(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteNumber(name, value.Value);
    }

    private static void Time(Utf8JsonWriter writer, string name, Instant? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, OffsetDateTimePattern.Rfc3339.Format(value.Value.InZone(PlatformTime.Zone).ToOffsetDateTime()));
    }
}
