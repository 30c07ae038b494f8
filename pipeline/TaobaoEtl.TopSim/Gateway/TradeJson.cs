using System.Text.Json;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>Writes a trade as the platform does: only the selected fields, money as strings, platform time text.</summary>
internal static class TradeJson
{
    public static void Write(Utf8JsonWriter w, TradeSheet t, FieldSelection f, bool includePromotions, bool mixedTypes = false)
    {
        w.WriteStartObject();
        if (f.Trade("tid")) Id(w, "tid", t.Tid, mixedTypes);
        if (f.Trade("status")) w.WriteString("status", t.Status);
        if (f.Trade("type")) w.WriteString("type", t.Type);
        if (f.Trade("created")) w.WriteString("created", PlatformTime.Format(t.Created));
        if (f.Trade("modified")) w.WriteString("modified", PlatformTime.Format(t.Modified));
        Time(w, f, "pay_time", t.PayTime);
        Time(w, f, "consign_time", t.ConsignTime);
        Time(w, f, "end_time", t.EndTime);
        if (f.Trade("payment")) w.WriteString("payment", Money.Text(t.Payment));
        if (f.Trade("total_fee")) w.WriteString("total_fee", Money.Text(t.TotalFee));
        if (f.Trade("post_fee")) MoneyValue(w, "post_fee", t.PostFee, mixedTypes);
        if (f.Trade("discount_fee")) MoneyValue(w, "discount_fee", t.DiscountFee, mixedTypes);
        if (f.Trade("adjust_fee")) w.WriteString("adjust_fee", Money.Text(t.AdjustFee));
        if (f.Trade("received_payment")) w.WriteString("received_payment", Money.Text(t.ReceivedPayment));
        if (f.Trade("buyer_nick")) w.WriteString("buyer_nick", t.BuyerNick);
        if (f.Trade("buyer_open_uid")) w.WriteString("buyer_open_uid", t.BuyerOpenUid);
        // An empty message ("" in real bodies) is no message.
        if (f.Trade("has_buyer_message")) w.WriteBoolean("has_buyer_message", !string.IsNullOrEmpty(t.BuyerMessage));
        if (f.Trade("buyer_message") && t.BuyerMessage is not null) w.WriteString("buyer_message", t.BuyerMessage);
        if (f.Trade("seller_nick")) w.WriteString("seller_nick", t.Shop.SellerNick);
        if (f.Trade("seller_memo") && t.SellerMemo is not null) w.WriteString("seller_memo", t.SellerMemo);
        if (f.Trade("seller_flag")) w.WriteNumber("seller_flag", t.SellerFlag);
        if (f.Trade("receiver_name")) w.WriteString("receiver_name", t.ReceiverName);
        if (f.Trade("receiver_state")) w.WriteString("receiver_state", t.ReceiverState);
        if (f.Trade("receiver_city")) w.WriteString("receiver_city", t.ReceiverCity);
        if (f.Trade("receiver_district")) w.WriteString("receiver_district", t.ReceiverDistrict);
        if (f.Trade("receiver_town")) w.WriteString("receiver_town", t.ReceiverTown);
        if (f.Trade("receiver_address")) w.WriteString("receiver_address", t.ReceiverAddress);
        if (f.Trade("receiver_zip")) w.WriteString("receiver_zip", t.ReceiverZip);
        if (f.Trade("receiver_mobile")) w.WriteString("receiver_mobile", t.ReceiverMobile);
        if (f.Trade("receiver_phone")) w.WriteString("receiver_phone", "");
        if (f.Trade("receiver_country")) w.WriteString("receiver_country", "");
        if (f.Trade("oaid") && AsksReceiver(f)) w.WriteString("oaid", t.Oaid);
        if (f.Trade("shipping_type")) w.WriteString("shipping_type", "express");
        if (f.Trade("trade_from")) w.WriteString("trade_from", t.TradeFrom);
        if (f.Trade("alipay_no")) w.WriteString("alipay_no", t.AlipayNo);
        if (f.Trade("sid") && t.Sid is not null) w.WriteString("sid", t.Sid);
        if (t.StepTradeStatus is not null)
        {
            if (f.Trade("step_trade_status")) w.WriteString("step_trade_status", t.StepTradeStatus);
            if (f.Trade("step_paid_fee")) w.WriteString("step_paid_fee", Money.Text(t.StepPaidFee));
        }

        // Item-level fields on the trade exist only for single-line trades.
        if (t.Lines.Length == 1)
        {
            var only = t.Lines[0];
            if (f.Trade("num")) w.WriteNumber("num", only.Num);
            if (f.Trade("num_iid")) w.WriteNumber("num_iid", only.NumIid);
            if (f.Trade("title")) w.WriteString("title", only.Title);
            if (f.Trade("price")) w.WriteString("price", Money.Text(only.Price));
            if (f.Trade("pic_path")) w.WriteString("pic_path", only.PicPath);
        }

        if (includePromotions && f.Trade("promotion_details")) Promotions(w, t);
        if (f.AnyOrder)
        {
            w.WriteStartObject("orders");
            w.WriteStartArray("order");
            foreach (var line in t.Lines) Order(w, line, f, mixedTypes);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Id(Utf8JsonWriter w, string name, long id, bool asString)
    {
        if (asString) w.WriteString(name, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else w.WriteNumber(name, id);
    }

    private static void MoneyValue(Utf8JsonWriter w, string name, long cents, bool asNumber)
    {
        if (asNumber) w.WriteNumber(name, cents / 100m);
        else w.WriteString(name, Money.Text(cents));
    }

    private static bool AsksReceiver(FieldSelection f) =>
        f.Trade("receiver_name") || f.Trade("receiver_mobile") || f.Trade("receiver_address") || f.Trade("receiver_phone");

    private static void Order(Utf8JsonWriter w, LineSheet l, FieldSelection f, bool mixedTypes)
    {
        w.WriteStartObject();
        if (f.Order("oid")) Id(w, "oid", l.Oid, mixedTypes);
        if (f.Order("num_iid")) w.WriteNumber("num_iid", l.NumIid);
        if (f.Order("sku_id")) w.WriteString("sku_id", l.SkuId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (f.Order("outer_iid")) w.WriteString("outer_iid", l.OuterIid);
        if (f.Order("outer_sku_id")) w.WriteString("outer_sku_id", l.OuterSkuId);
        if (f.Order("title")) w.WriteString("title", l.Title);
        if (f.Order("sku_properties_name")) w.WriteString("sku_properties_name", l.SkuPropertiesName);
        if (f.Order("price")) w.WriteString("price", Money.Text(l.Price));
        if (f.Order("num")) w.WriteNumber("num", l.Num);
        if (f.Order("total_fee")) w.WriteString("total_fee", Money.Text(l.TotalFee));
        if (f.Order("payment")) w.WriteString("payment", Money.Text(l.Payment));
        if (f.Order("discount_fee")) MoneyValue(w, "discount_fee", l.DiscountFee, mixedTypes);
        if (f.Order("adjust_fee")) w.WriteString("adjust_fee", Money.Text(l.AdjustFee));
        if (f.Order("divide_order_fee")) w.WriteString("divide_order_fee", Money.Text(l.DivideOrderFee));
        if (f.Order("part_mjz_discount")) w.WriteString("part_mjz_discount", Money.Text(l.PartMjzDiscount));
        if (f.Order("status")) w.WriteString("status", l.Status);
        if (f.Order("refund_status")) w.WriteString("refund_status", l.RefundStatus);
        if (f.Order("refund_id") && l.RefundId is { } refundId) w.WriteNumber("refund_id", refundId);
        if (f.Order("logistics_company") && l.LogisticsCompany is not null) w.WriteString("logistics_company", l.LogisticsCompany);
        if (f.Order("invoice_no") && l.InvoiceNo is not null) w.WriteString("invoice_no", l.InvoiceNo);
        if (f.Order("consign_time") && l.ConsignTime is { } consigned) w.WriteString("consign_time", PlatformTime.Format(consigned));
        if (f.Order("end_time") && l.EndTime is { } ended) w.WriteString("end_time", PlatformTime.Format(ended));
        if (f.Order("pic_path")) w.WriteString("pic_path", l.PicPath);
        if (f.Order("cid")) w.WriteNumber("cid", l.Cid);
        if (f.Order("shipping_type")) w.WriteString("shipping_type", "express");
        w.WriteEndObject();
    }

    private static void Promotions(Utf8JsonWriter w, TradeSheet t)
    {
        var discounted = t.Lines.Where(l => l.DiscountFee > 0).ToArray();
        if (discounted.Length == 0 && t.DiscountFee == 0) return;
        w.WriteStartObject("promotion_details");
        w.WriteStartArray("promotion_detail");
        foreach (var line in discounted)
        {
            w.WriteStartObject();
            w.WriteNumber("id", line.Oid);
            w.WriteString("promotion_name", CjkCatalog.Promotions[(int)(line.Oid % CjkCatalog.Promotions.Length)]);
            w.WriteString("discount_fee", Money.Text(line.DiscountFee));
            w.WriteString("promotion_id", "Tmall$tmallItemPromotion-" + (line.NumIid % 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        if (t.DiscountFee > 0)
        {
            // The shop-wide 满减 is a promotion of the whole trade: its id is the tid.
            w.WriteStartObject();
            w.WriteNumber("id", t.Tid);
            w.WriteString("promotion_name", "店铺满减");
            w.WriteString("discount_fee", Money.Text(t.DiscountFee));
            w.WriteString("promotion_id", "shopbonus-" + (t.Shop.ShopId % 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter w, FieldSelection f, string name, NodaTime.Instant? value)
    {
        if (f.Trade(name) && value is { } instant) w.WriteString(name, PlatformTime.Format(instant));
    }

    public static void WriteRefund(Utf8JsonWriter w, TradeSheet t, RefundSheet r, ISet<string> fields)
    {
        var line = t.Lines[r.Line];
        w.WriteStartObject();
        if (fields.Contains("refund_id")) w.WriteNumber("refund_id", r.RefundId);
        if (fields.Contains("tid")) w.WriteNumber("tid", t.Tid);
        if (fields.Contains("oid")) w.WriteNumber("oid", r.Oid);
        if (fields.Contains("title")) w.WriteString("title", line.Title);
        if (fields.Contains("buyer_nick")) w.WriteString("buyer_nick", t.BuyerNick);
        if (fields.Contains("seller_nick")) w.WriteString("seller_nick", t.Shop.SellerNick);
        if (fields.Contains("total_fee")) w.WriteString("total_fee", Money.Text(line.TotalFee));
        if (fields.Contains("payment")) w.WriteString("payment", Money.Text(line.Payment));
        if (fields.Contains("status")) w.WriteString("status", r.Status);
        if (fields.Contains("created")) w.WriteString("created", PlatformTime.Format(r.Created));
        if (fields.Contains("modified")) w.WriteString("modified", PlatformTime.Format(r.Modified));
        if (fields.Contains("refund_fee")) w.WriteString("refund_fee", Money.Text(r.RefundFee));
        if (fields.Contains("good_status")) w.WriteString("good_status", r.GoodStatus);
        if (fields.Contains("has_good_return")) w.WriteBoolean("has_good_return", r.HasGoodReturn);
        if (fields.Contains("company_name") && r.CompanyName is not null) w.WriteString("company_name", r.CompanyName);
        if (fields.Contains("sid") && r.Sid is not null) w.WriteString("sid", r.Sid);
        if (fields.Contains("reason")) w.WriteString("reason", r.Reason);
        if (fields.Contains("desc")) w.WriteString("desc", r.Desc);
        if (fields.Contains("order_status")) w.WriteString("order_status", r.OrderStatus);
        if (fields.Contains("refund_phase")) w.WriteString("refund_phase", r.Phase);
        if (fields.Contains("dispute_type")) w.WriteString("dispute_type", r.HasGoodReturn ? "REFUND_AND_RETURN" : "REFUND");
        if (fields.Contains("bill_type")) w.WriteString("bill_type", r.BillType);
        w.WriteEndObject();
    }
}
