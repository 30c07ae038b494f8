using System.Text;
using NodaTime;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Tests.Normalize;

public sealed class TradeNormalizerTests
{
    private static Instant Shanghai(int y, int mo, int d, int h, int mi, int s) => Instant.FromUtc(y, mo, d, h, mi, s) - Duration.FromHours(8);

    [Fact]
    public void Multi_line_trade_maps_every_order_field_with_cjk_and_masked_receiver_kept_as_sent()
    {
        var trade = Fixture.Trade("fullinfo_multi_line.json");
        var o = trade.Order;
        Assert.Equal("shop-1", o.ShopId);
        Assert.Equal(452790065331038L, o.Tid);
        Assert.Equal("fixed", o.OrderType);
        Assert.Equal("WAIT_SELLER_SEND_GOODS", o.TaobaoStatus);
        Assert.Equal("to_ship", o.ErpStatus);
        Assert.Equal(Shanghai(2026, 11, 11, 0, 0, 3), o.Created);
        Assert.Equal(Shanghai(2026, 11, 11, 0, 0, 41), o.PayTime);
        Assert.Null(o.ConsignTime);
        Assert.Null(o.EndTime);
        Assert.Equal(Shanghai(2026, 11, 11, 0, 0, 42), o.Modified);
        Assert.Equal(Fixture.FetchedAt, o.FetchedAt);
        Assert.Equal(297.00m, o.TotalFee);
        Assert.Equal(285.80m, o.Payment);
        Assert.Equal(0.00m, o.PostFee);
        Assert.Equal(11.20m, o.DiscountFee);
        Assert.Equal(0m, o.AdjustFee);
        Assert.Equal(0m, o.ReceivedPayment);
        Assert.Equal("t**1", o.BuyerNick);
        Assert.Equal("AAH2k3QxABZ8d1Vn5l1wPq9X", o.BuyerOpenUid);
        Assert.Equal("杭州小店旗舰店", o.SellerNick);
        Assert.Equal("屈**", o.ReceiverName);
        Assert.Equal("浙江省", o.ReceiverState);
        Assert.Equal("杭州市", o.ReceiverCity);
        Assert.Equal("西湖区", o.ReceiverDistrict);
        Assert.Equal("文新街道", o.ReceiverTown);
        Assert.Equal("文**路**号", o.ReceiverAddress);
        Assert.Equal("310012", o.ReceiverZip);
        Assert.Equal("1389289****", o.ReceiverMobile);
        Assert.Equal("", o.ReceiverPhone);
        Assert.Equal("1yK3c9Ph5yQjL8XqXk2ZxVvDtyqRp1kQ", o.Oaid);
        Assert.Equal("请尽快发货，谢谢！", o.BuyerMessage);
        Assert.Equal("双11 优先", o.SellerMemo);
        Assert.Equal(1, o.SellerFlag);
        Assert.Equal("express", o.ShippingType);
        Assert.Equal("WAP,JHS", o.TradeFrom);
        Assert.Null(o.StepTradeStatus);
        Assert.Null(o.StepPaidFee);
        Assert.Equal(2, o.LineCount);
    }

    [Fact]
    public void Lines_take_ids_and_money_as_numbers_or_strings_alike()
    {
        var lines = Fixture.Trade("fullinfo_multi_line.json").Lines;
        Assert.Equal(2, lines.Count);
        var first = lines[0];
        Assert.Equal((452790065331038L, 452790065331039L), (first.Tid, first.Oid));
        Assert.Equal(600123456789L, first.NumIid);
        Assert.Equal("4567890123456", first.SkuId);
        Assert.Equal("HZ-TEA-01", first.OuterIid);
        Assert.Equal("HZ-TEA-01-250G", first.OuterSkuId);
        Assert.Equal("西湖龙井 2026 新茶 明前特级 250g", first.Title);
        Assert.Equal("净含量:250g;包装:礼盒装", first.SkuPropertiesName);
        Assert.Equal(199.00m, first.Price);
        Assert.Equal(1, first.Quantity);
        Assert.Equal(191.50m, first.Payment);
        Assert.Equal(191.50m, first.DivideOrderFee);
        Assert.Equal(7.50m, first.PartMjzDiscount);
        Assert.Equal("NO_REFUND", first.RefundStatus);

        var second = lines[1];
        Assert.Equal(452790065331040L, second.Oid);           // string id
        Assert.Equal(600123456790L, second.NumIid);            // numeric id
        Assert.Equal("4567890123457", second.SkuId);           // numeric sku kept as its digits
        Assert.Equal(49m, second.Price);                       // bare number
        Assert.Equal(2, second.Quantity);                      // quoted integer
        Assert.Equal(98.00m, second.TotalFee);
        Assert.Equal("手工青瓷茶杯（两只装）", second.Title);
    }

    [Fact]
    public void String_ids_beyond_2_pow_53_stay_exact()
    {
        var trade = Fixture.Trade("fullinfo_string_ids_numeric_money.json");
        Assert.Equal(163288460521882636L, trade.Tid);
        Assert.Equal(163288460521882637L, trade.Lines[0].Oid);
        Assert.Equal(9007199254740993L, trade.Lines[0].NumIid); // 2^53 + 1: a double would give ...992
        Assert.Equal("completed", trade.Order.ErpStatus);
        Assert.Equal(1309.90m, trade.Order.Payment);
        Assert.Equal(-0.50m, trade.Order.AdjustFee);
        Assert.Equal(0, trade.Order.SellerFlag);
        Assert.Equal("顺丰速运", trade.Lines[0].LogisticsCompany);
        Assert.Equal("SF1234567890123", trade.Lines[0].InvoiceNo);
        Assert.Equal(Shanghai(2026, 10, 3, 9, 15, 0), trade.Lines[0].ConsignTime);
        Assert.Equal(Shanghai(2026, 10, 13, 9, 15, 1), trade.Lines[0].EndTime);
    }

    [Fact]
    public void Step_trade_keeps_its_pre_sale_status_and_deposit()
    {
        var trade = Fixture.Trade("fullinfo_step_trade.json");
        Assert.Equal("step", trade.Order.OrderType);
        Assert.Equal("FRONT_PAID_FINAL_NOPAID", trade.Order.StepTradeStatus);
        Assert.Equal(100.00m, trade.Order.StepPaidFee);
        Assert.Equal("pending_payment", trade.Order.ErpStatus);
    }

    [Fact]
    public void Money_keeps_its_exact_value_and_scale()
    {
        var trade = Fixture.Normalize(Fixture.TradeJson("\"payment\":\"0.10\",\"total_fee\":0.30,\"post_fee\":\"999999999999.99\"")).Value;
        Assert.Equal(0.10m, trade.Order.Payment);
        Assert.Equal("0.10", trade.Order.Payment!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.30m, trade.Order.TotalFee);
        Assert.Equal(999999999999.99m, trade.Order.PostFee);
    }

    [Fact]
    public void Platform_time_is_read_in_asia_shanghai()
    {
        var trade = Fixture.Normalize(Fixture.TradeJson("\"created\":\"2026-01-01 00:00:00\"")).Value;
        Assert.Equal(Instant.FromUtc(2025, 12, 31, 16, 0, 0), trade.Order.Created);
    }

    [Fact]
    public void A_time_from_the_years_china_kept_summer_time_uses_that_offset()
    {
        // 1988-07-01 12:00 in Shanghai was UTC+9 (China observed DST 1986–1991): the fast fixed-offset path must not apply.
        var trade = Fixture.Normalize(Fixture.TradeJson("\"created\":\"1988-07-01 12:00:00\"")).Value;
        Assert.Equal(Instant.FromUtc(1988, 7, 1, 3, 0, 0), trade.Order.Created);
    }

    [Fact]
    public void Empty_strings_and_nulls_for_optional_values_become_null()
    {
        var trade = Fixture.Normalize(Fixture.TradeJson(
            "\"pay_time\":\"\",\"payment\":\"\",\"post_fee\":null,\"seller_flag\":\"\",\"type\":null", "\"num_iid\":\"\",\"price\":null")).Value;
        Assert.Null(trade.Order.PayTime);
        Assert.Null(trade.Order.Payment);
        Assert.Null(trade.Order.PostFee);
        Assert.Null(trade.Order.SellerFlag);
        Assert.Null(trade.Order.OrderType);
        Assert.Null(trade.Lines[0].NumIid);
        Assert.Null(trade.Lines[0].Price);
    }

    [Fact]
    public void Unknown_fields_and_nested_objects_are_skipped()
    {
        var trade = Fixture.Normalize(Fixture.TradeJson(
            "\"promotion_details\":{\"promotion_detail\":[{\"id\":1,\"x\":[1,{\"y\":2}]}]},\"service_orders\":null,\"new_field\":\"x\"")).Value;
        Assert.Equal(1001L, trade.Tid);
    }

    [Fact]
    public void Bare_orders_array_is_taken_like_the_wrapped_list()
    {
        var json = "{\"tid\":5,\"status\":\"TRADE_FINISHED\",\"modified\":\"2026-11-11 00:00:01\",\"orders\":[{\"oid\":6},{\"oid\":7}]}";
        Assert.Equal([6L, 7L], Fixture.Normalize(json).Value.Lines.Select(l => l.Oid));
    }

    [Fact]
    public void Trade_without_orders_has_no_lines()
    {
        var json = "{\"tid\":5,\"status\":\"TRADE_FINISHED\",\"modified\":\"2026-11-11 00:00:01\"}";
        var trade = Fixture.Normalize(json).Value;
        Assert.Empty(trade.Lines);
        Assert.Equal(0, trade.Order.LineCount);
    }

    [Fact]
    public void Raw_json_is_the_trade_text_as_sent()
    {
        Assert.True(TradeEnvelope.TryExtract(Fixture.Bytes("fullinfo_multi_line.json"), out var bytes, out _));
        var trade = TradeNormalizer.Normalize(bytes.Span, "shop-1", Fixture.FetchedAt).Value;
        Assert.Equal(Encoding.UTF8.GetString(bytes.Span), trade.RawJson);
        Assert.StartsWith("{", trade.RawJson, StringComparison.Ordinal);
        Assert.Contains("promotion_details", trade.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_status_is_kept_with_erp_status_unknown()
    {
        var trade = Fixture.Normalize(Fixture.TradeJson("\"status\":\"TRADE_SOMETHING_NEW\"")).Value;
        Assert.Equal("TRADE_SOMETHING_NEW", trade.Order.TaobaoStatus);
        Assert.Equal(ErpStatus.Unknown, trade.Order.ErpStatus);
    }

    [Theory]
    [InlineData("{\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\"}", "tid: is missing")]
    [InlineData("{\"tid\":1,\"modified\":\"2026-11-11 00:00:01\"}", "status: is missing")]
    [InlineData("{\"tid\":1,\"status\":\"\",\"modified\":\"2026-11-11 00:00:01\"}", "status: is missing")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\"}", "modified: is missing")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"\"}", "modified: is missing")]
    [InlineData("{\"tid\":\"12ab\",\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\"}", "tid: expected an integer id")]
    [InlineData("{\"tid\":1.5,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\"}", "tid: expected an integer id")]
    [InlineData("{\"tid\":\"99999999999999999999\",\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\"}", "tid: expected an integer id")]
    [InlineData("{\"tid\":0,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\"}", "tid: must be positive")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026/11/11 00:00:01\"}", "modified: expected a time")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-02-30 00:00:01\"}", "modified: expected a time")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11T00:00:01\"}", "modified: expected a time")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":1731254401000}", "modified: expected a time")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"payment\":\"12,50\"}", "payment: expected a decimal amount")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"payment\":\"1e3\"}", "payment: expected a decimal amount")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"payment\":\"1.005\"}", "payment: expected an amount with at most 2 decimals")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"payment\":1000000000000}", "payment: expected an amount below 10^12")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"payment\":{}}", "payment: expected a decimal amount (number or string), got an object")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"seller_flag\":\"x\"}", "seller_flag: expected a 32-bit integer")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"buyer_nick\":[1]}", "buyer_nick: expected a string")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"orders\":{\"order\":[{\"num_iid\":1}]}}", "orders.order[0].oid: is missing")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"orders\":{\"order\":[{\"oid\":2},{\"oid\":3,\"price\":\"abc\"}]}}", "orders.order[1].price: expected a decimal amount")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"orders\":{\"order\":[{\"oid\":2},{\"oid\":\"2\"}]}}", "orders.order[1].oid: repeats oid 2")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"orders\":{\"order\":[{\"oid\":2,\"num\":3000000000}]}}", "orders.order[0].num: expected a 32-bit integer")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"orders\":{\"order\":[\"x\"]}}", "orders.order[0]: expected a sub-order object")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"orders\":\"none\"}", "orders: expected")]
    [InlineData("{\"tid\":1,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\",\"seller_memo\":\"a\\u0000b\"}", "contains a \\u0000 escape")]
    [InlineData("[1,2]", "trade: expected a JSON object")]
    [InlineData("{\"tid\":1,\"status\":", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    public void Bad_input_is_rejected_with_a_reason_naming_the_field(string json, string reason)
    {
        var result = Fixture.Normalize(json);
        Assert.False(result.IsAccepted);
        Assert.Contains(reason, result.Rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(json, result.Rejection.RawText);
        Assert.Equal("shop-1", result.Rejection.ShopId);
        Assert.Equal(Rejection.TradeSource, result.Rejection.Source);
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Fact]
    public void Rejection_carries_the_tid_when_it_was_read_before_the_failure()
    {
        var result = Fixture.Normalize("{\"tid\":\"77\",\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"bad\"}");
        Assert.Equal(77L, result.Rejection!.Tid);
    }

    [Theory]
    [InlineData("\"promotion_details\":{\"name\":\"\\ud83d\"}", "unpaired UTF-16 high surrogate")]
    [InlineData("\"promotion_details\":{\"name\":\"\\ude00x\"}", "unpaired UTF-16 low surrogate")]
    [InlineData("\"promotion_details\":{\"name\":\"a\\u0000\"}", "\\u0000 escape")]
    [InlineData("\"promotion_details\":{\"promotion_detail\":[{\"discount_fee\":1e999999}]}", "promotion_details: expected a number with an exponent of at most 1000")]
    [InlineData("\"receiver_zip\":1e99999", "receiver_zip: expected a number with an exponent of at most 1000")]
    public void Values_that_jsonb_refuses_are_rejected_even_in_skipped_fields(string field, string reason)
    {
        var result = Fixture.Normalize(Fixture.TradeJson(field));
        Assert.False(result.IsAccepted);
        Assert.Contains(reason, result.Rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escaped_surrogate_pair_is_accepted_as_one_character()
    {
        var trade = Fixture.Normalize(Fixture.TradeJson("\"buyer_message\":\"\\ud83d\\ude00 好\"")).Value;
        Assert.Equal("\U0001F600 好", trade.Order.BuyerMessage);
    }

    [Fact]
    public void Escaped_backslash_before_u0000_text_is_not_a_nul()
    {
        var trade = Fixture.Normalize(Fixture.TradeJson("\"seller_memo\":\"C:\\\\u0000\"")).Value;
        Assert.Equal("C:\\u0000", trade.Order.SellerMemo);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_and_its_bytes_kept_as_base64()
    {
        var bytes = Encoding.UTF8.GetBytes(Fixture.TradeJson("\"buyer_nick\":\"XX\"")).ToArray();
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xFF;
        var result = TradeNormalizer.Normalize(bytes, "shop-1", Fixture.FetchedAt);
        Assert.False(result.IsAccepted);
        Assert.StartsWith(RawText.Base64Marker, result.Rejection.RawText, StringComparison.Ordinal);
        Assert.Equal(bytes, Convert.FromBase64String(result.Rejection.RawText[RawText.Base64Marker.Length..]));
    }
}
