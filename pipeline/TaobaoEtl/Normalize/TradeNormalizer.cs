using System.Text;
using System.Text.Json;
using NodaTime;
using static TaobaoEtl.Normalize.PlatformValue;

namespace TaobaoEtl.Normalize;

/// <summary>
/// Maps one trade as <c>taobao.trade.fullinfo.get</c> returns it (the <c>trade</c> object of
/// <c>trade_fullinfo_get_response</c>, UTF-8) to its <c>staging.sales_order</c> row and
/// <c>staging.sales_order_line</c> rows, or to a <see cref="Rejection"/> that says which field failed.
/// Pure: no I/O, no clock (the caller gives <c>fetchedAt</c>, the instant the platform answered).
/// One forward pass of <see cref="Utf8JsonReader"/>; unknown fields are skipped.
/// </summary>
public static class TradeNormalizer
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    public static NormalizeResult<NormalizedTrade> Normalize(ReadOnlySpan<byte> tradeJson, string shopId, Instant fetchedAt) =>
        GuardedParse.Run(tradeJson, "trade", Rejection.TradeSource, shopId, fetchedAt, askedTid: null, Parse);

    /// <summary>
    /// Normalizes the answer to a detail call for <paramref name="askedTid"/>: a rejection names that tid even when
    /// the input fails before its own tid could be read (a <c>\u0000</c>, a lone surrogate, a tid of 0 or above
    /// 2^63), so the trade stays owed and can be fetched again.
    /// </summary>
    public static NormalizeResult<NormalizedTrade> Normalize(ReadOnlySpan<byte> tradeJson, string shopId, Instant fetchedAt, long askedTid) =>
        GuardedParse.Run(tradeJson, "trade", Rejection.TradeSource, shopId, fetchedAt, askedTid, Parse);

    private static NormalizedTrade Parse(ReadOnlySpan<byte> json, string shopId, Instant fetchedAt, ref long? tid)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new InputFormatException("trade", "expected a JSON object (the 'trade' of trade_fullinfo_get_response)");

        string? status = null, type = null;
        Instant? created = null, payTime = null, consignTime = null, endTime = null, modified = null;
        decimal? totalFee = null, payment = null, postFee = null, discountFee = null, adjustFee = null, receivedPayment = null, stepPaidFee = null;
        string? buyerNick = null, buyerOpenUid = null, sellerNick = null, receiverName = null, receiverState = null, receiverCity = null;
        string? receiverDistrict = null, receiverTown = null, receiverAddress = null, receiverZip = null, receiverMobile = null;
        string? receiverPhone = null, oaid = null, buyerMessage = null, sellerMemo = null, shippingType = null, tradeFrom = null;
        string? stepTradeStatus = null;
        int? sellerFlag = null;
        var lines = new List<LineDraft>(4);

        Span<char> nameBuffer = stackalloc char[PropertyName.BufferLength];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyName.Read(in reader, nameBuffer);
            reader.Read();
            switch (name)
            {
                case "tid": tid = ReadInt64(ref reader, "tid"); break;
                case "status": status = ReadOptionalText(ref reader, "status"); break;
                case "type": type = ReadOptionalText(ref reader, "type"); break;
                case "created": created = ReadOptionalTime(ref reader, "created"); break;
                case "modified": modified = ReadOptionalTime(ref reader, "modified"); break;
                case "pay_time": payTime = ReadOptionalTime(ref reader, "pay_time"); break;
                case "consign_time": consignTime = ReadOptionalTime(ref reader, "consign_time"); break;
                case "end_time": endTime = ReadOptionalTime(ref reader, "end_time"); break;
                case "total_fee": totalFee = ReadOptionalMoney(ref reader, "total_fee"); break;
                case "payment": payment = ReadOptionalMoney(ref reader, "payment"); break;
                case "post_fee": postFee = ReadOptionalMoney(ref reader, "post_fee"); break;
                case "discount_fee": discountFee = ReadOptionalMoney(ref reader, "discount_fee"); break;
                case "adjust_fee": adjustFee = ReadOptionalMoney(ref reader, "adjust_fee"); break;
                case "received_payment": receivedPayment = ReadOptionalMoney(ref reader, "received_payment"); break;
                case "buyer_nick": buyerNick = ReadOptionalText(ref reader, "buyer_nick"); break;
                case "buyer_open_uid": buyerOpenUid = ReadOptionalText(ref reader, "buyer_open_uid"); break;
                case "seller_nick": sellerNick = ReadOptionalText(ref reader, "seller_nick"); break;
                case "receiver_name": receiverName = ReadOptionalText(ref reader, "receiver_name"); break;
                case "receiver_state": receiverState = ReadOptionalText(ref reader, "receiver_state"); break;
                case "receiver_city": receiverCity = ReadOptionalText(ref reader, "receiver_city"); break;
                case "receiver_district": receiverDistrict = ReadOptionalText(ref reader, "receiver_district"); break;
                case "receiver_town": receiverTown = ReadOptionalText(ref reader, "receiver_town"); break;
                case "receiver_address": receiverAddress = ReadOptionalText(ref reader, "receiver_address"); break;
                case "receiver_zip": receiverZip = ReadOptionalText(ref reader, "receiver_zip"); break;
                case "receiver_mobile": receiverMobile = ReadOptionalText(ref reader, "receiver_mobile"); break;
                case "receiver_phone": receiverPhone = ReadOptionalText(ref reader, "receiver_phone"); break;
                case "oaid": oaid = ReadOptionalText(ref reader, "oaid"); break;
                case "buyer_message": buyerMessage = ReadOptionalText(ref reader, "buyer_message"); break;
                case "seller_memo": sellerMemo = ReadOptionalText(ref reader, "seller_memo"); break;
                case "seller_flag": sellerFlag = ReadOptionalInt32(ref reader, "seller_flag"); break;
                case "shipping_type": shippingType = ReadOptionalText(ref reader, "shipping_type"); break;
                case "trade_from": tradeFrom = ReadOptionalText(ref reader, "trade_from"); break;
                case "step_trade_status": stepTradeStatus = ReadOptionalText(ref reader, "step_trade_status"); break;
                case "step_paid_fee": stepPaidFee = ReadOptionalMoney(ref reader, "step_paid_fee"); break;
                case "orders": ReadOrders(ref reader, lines); break;
                default: Skip(ref reader, name); break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
            throw new InputFormatException("trade", "ends before its closing brace");

        if (tid is null) throw new InputFormatException("tid", "is missing");
        if (tid <= 0) throw new InputFormatException("tid", $"must be positive, got {tid}");
        if (string.IsNullOrEmpty(status)) throw new InputFormatException("status", "is missing");
        if (modified is null) throw new InputFormatException("modified", "is missing");
        CheckDistinctOids(lines);

        var tradeId = tid.Value;
        var rows = new SalesOrderLineRow[lines.Count];
        for (var i = 0; i < rows.Length; i++) rows[i] = lines[i].ToRow(shopId, tradeId);

        var order = new SalesOrderRow
        {
            ShopId = shopId,
            Tid = tradeId,
            OrderType = type,
            TaobaoStatus = status,
            ErpStatus = ErpStatus.FromTaobao(status),
            Created = created,
            PayTime = payTime,
            ConsignTime = consignTime,
            EndTime = endTime,
            Modified = modified.Value,
            FetchedAt = fetchedAt,
            TotalFee = totalFee,
            Payment = payment,
            PostFee = postFee,
            DiscountFee = discountFee,
            AdjustFee = adjustFee,
            ReceivedPayment = receivedPayment,
            BuyerNick = buyerNick,
            BuyerOpenUid = buyerOpenUid,
            SellerNick = sellerNick,
            ReceiverName = receiverName,
            ReceiverState = receiverState,
            ReceiverCity = receiverCity,
            ReceiverDistrict = receiverDistrict,
            ReceiverTown = receiverTown,
            ReceiverAddress = receiverAddress,
            ReceiverZip = receiverZip,
            ReceiverMobile = receiverMobile,
            ReceiverPhone = receiverPhone,
            Oaid = oaid,
            BuyerMessage = buyerMessage,
            SellerMemo = sellerMemo,
            SellerFlag = sellerFlag,
            ShippingType = shippingType,
            TradeFrom = tradeFrom,
            StepTradeStatus = stepTradeStatus,
            StepPaidFee = stepPaidFee,
            LineCount = rows.Length,
        };
        return new NormalizedTrade(order, rows, Encoding.UTF8.GetString(json));
    }

    // "orders": {"order": [...]} as the platform wraps lists; a bare array (simplify=true) is taken too.
    private static void ReadOrders(ref Utf8JsonReader reader, List<LineDraft> lines)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.StartArray:
                ReadOrderArray(ref reader, lines, "orders");
                return;
            case JsonTokenType.StartObject:
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isOrder = reader.ValueTextEquals("order"u8);
                    reader.Read();
                    if (!isOrder) Skip(ref reader, "orders");
                    else if (reader.TokenType == JsonTokenType.StartArray) ReadOrderArray(ref reader, lines, "orders.order");
                    else if (reader.TokenType != JsonTokenType.Null)
                        throw new InputFormatException("orders.order", "expected an array of sub-orders");
                }

                return;
            default:
                throw new InputFormatException("orders", "expected {\"order\":[...]} or an array of sub-orders");
        }
    }

    private static void ReadOrderArray(ref Utf8JsonReader reader, List<LineDraft> lines, string path)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new InputFormatException($"{path}[{index}]", "expected a sub-order object");
            try
            {
                lines.Add(ReadLine(ref reader));
            }
            catch (InputFormatException ex)
            {
                throw ex.Within($"{path}[{index}].");
            }

            index++;
        }
    }

    private static LineDraft ReadLine(ref Utf8JsonReader reader)
    {
        var line = new LineDraft();
        Span<char> nameBuffer = stackalloc char[PropertyName.BufferLength];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyName.Read(in reader, nameBuffer);
            reader.Read();
            switch (name)
            {
                case "oid": line.Oid = ReadInt64(ref reader, "oid"); break;
                case "num_iid": line.NumIid = ReadOptionalInt64(ref reader, "num_iid"); break;
                case "sku_id": line.SkuId = ReadOptionalText(ref reader, "sku_id"); break;
                case "outer_iid": line.OuterIid = ReadOptionalText(ref reader, "outer_iid"); break;
                case "outer_sku_id": line.OuterSkuId = ReadOptionalText(ref reader, "outer_sku_id"); break;
                case "title": line.Title = ReadOptionalText(ref reader, "title"); break;
                case "sku_properties_name": line.SkuPropertiesName = ReadOptionalText(ref reader, "sku_properties_name"); break;
                case "price": line.Price = ReadOptionalMoney(ref reader, "price"); break;
                case "num": line.Quantity = ReadOptionalInt32(ref reader, "num"); break;
                case "total_fee": line.TotalFee = ReadOptionalMoney(ref reader, "total_fee"); break;
                case "payment": line.Payment = ReadOptionalMoney(ref reader, "payment"); break;
                case "discount_fee": line.DiscountFee = ReadOptionalMoney(ref reader, "discount_fee"); break;
                case "adjust_fee": line.AdjustFee = ReadOptionalMoney(ref reader, "adjust_fee"); break;
                case "divide_order_fee": line.DivideOrderFee = ReadOptionalMoney(ref reader, "divide_order_fee"); break;
                case "part_mjz_discount": line.PartMjzDiscount = ReadOptionalMoney(ref reader, "part_mjz_discount"); break;
                case "status": line.Status = ReadOptionalText(ref reader, "status"); break;
                case "refund_status": line.RefundStatus = ReadOptionalText(ref reader, "refund_status"); break;
                case "refund_id": line.RefundId = ReadOptionalInt64(ref reader, "refund_id"); break;
                case "logistics_company": line.LogisticsCompany = ReadOptionalText(ref reader, "logistics_company"); break;
                case "invoice_no": line.InvoiceNo = ReadOptionalText(ref reader, "invoice_no"); break;
                case "consign_time": line.ConsignTime = ReadOptionalTime(ref reader, "consign_time"); break;
                case "end_time": line.EndTime = ReadOptionalTime(ref reader, "end_time"); break;
                default: Skip(ref reader, name); break;
            }
        }

        if (line.Oid is null) throw new InputFormatException("oid", "is missing");
        return line;
    }

    // (shop_id, tid, oid) is the line table's key: a repeated oid would fail the whole COPY batch.
    private static void CheckDistinctOids(List<LineDraft> lines)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (lines[i].Oid == lines[j].Oid)
                    throw new InputFormatException($"orders.order[{i}].oid", $"repeats oid {lines[i].Oid} of orders.order[{j}]");
            }
        }
    }

    private struct LineDraft
    {
        public long? Oid, NumIid, RefundId;
        public string? SkuId, OuterIid, OuterSkuId, Title, SkuPropertiesName, Status, RefundStatus, LogisticsCompany, InvoiceNo;
        public decimal? Price, TotalFee, Payment, DiscountFee, AdjustFee, DivideOrderFee, PartMjzDiscount;
        public int? Quantity;
        public Instant? ConsignTime, EndTime;

        public readonly SalesOrderLineRow ToRow(string shopId, long tid) => new()
        {
            ShopId = shopId,
            Tid = tid,
            Oid = Oid!.Value,
            NumIid = NumIid,
            SkuId = SkuId,
            OuterIid = OuterIid,
            OuterSkuId = OuterSkuId,
            Title = Title,
            SkuPropertiesName = SkuPropertiesName,
            Price = Price,
            Quantity = Quantity,
            TotalFee = TotalFee,
            Payment = Payment,
            DiscountFee = DiscountFee,
            AdjustFee = AdjustFee,
            DivideOrderFee = DivideOrderFee,
            PartMjzDiscount = PartMjzDiscount,
            Status = Status,
            RefundStatus = RefundStatus,
            RefundId = RefundId,
            LogisticsCompany = LogisticsCompany,
            InvoiceNo = InvoiceNo,
            ConsignTime = ConsignTime,
            EndTime = EndTime,
        };
    }
}
