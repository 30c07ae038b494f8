using System.Text;
using NodaTime;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Tests.Normalize;

public sealed class RefundNormalizerTests
{
    [Fact]
    public void Refund_maps_every_field_with_ids_and_money_as_numbers_or_strings()
    {
        var result = RefundNormalizer.Normalize(Fixture.Bytes("refund_receive.json"), "shop-1", Fixture.FetchedAt);
        Assert.True(result.IsAccepted, result.Rejection?.Reason);
        var r = result.AcceptedValue.Refund;
        Assert.Equal(78901234567890123L, r.RefundId);
        Assert.Equal(452790065331038L, r.Tid);
        Assert.Equal(452790065331040L, r.Oid);
        Assert.Equal("手工青瓷茶杯（两只装）", r.Title);
        Assert.Equal("t**1", r.BuyerNick);
        Assert.Equal("杭州小店旗舰店", r.SellerNick);
        Assert.Equal(98.00m, r.TotalFee);
        Assert.Equal(94.3m, r.RefundFee);
        Assert.Equal(94.30m, r.Payment);
        Assert.Equal("WAIT_SELLER_AGREE", r.Status);
        Assert.Equal("BUYER_NOT_RECEIVED", r.GoodStatus);
        Assert.Equal("WAIT_SELLER_SEND_GOODS", r.OrderStatus);
        Assert.Equal("onsale", r.RefundPhase);
        Assert.Equal("REFUND", r.DisputeType);
        Assert.Equal("拍错了/不想要", r.Reason);
        Assert.Equal("颜色拍错", r.Description);
        Assert.False(r.HasGoodReturn);
        Assert.Equal("", r.CompanyName);
        Assert.Equal(Instant.FromUtc(2026, 11, 11, 0, 0, 0), r.Created);
        Assert.Equal(Instant.FromUtc(2026, 11, 11, 0, 0, 5), r.Modified);
        Assert.Equal(Fixture.FetchedAt, r.FetchedAt);
    }

    [Theory]
    [InlineData("{\"tid\":1,\"modified\":\"2026-11-11 00:00:01\"}", "refund_id: is missing")]
    [InlineData("{\"refund_id\":1}", "modified: is missing")]
    [InlineData("{\"refund_id\":1,\"modified\":\"2026-11-11 00:00:01\",\"has_good_return\":\"yes\"}", "has_good_return: expected a boolean")]
    [InlineData("{\"refund_id\":1,\"modified\":\"2026-11-11 00:00:01\",\"refund_fee\":\"1.234\"}", "refund_fee: expected an amount with at most 2 decimals")]
    public void Bad_refund_is_rejected_with_a_reason(string json, string reason)
    {
        var result = RefundNormalizer.Normalize(Encoding.UTF8.GetBytes(json), "shop-1", Fixture.FetchedAt);
        Assert.False(result.IsAccepted);
        Assert.Contains(reason, result.Rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(Rejection.RefundSource, result.Rejection.Source);
        Assert.Equal(json, result.Rejection.RawText);
    }

    [Fact]
    public void Quoted_boolean_is_read()
    {
        var json = "{\"refund_id\":1,\"modified\":\"2026-11-11 00:00:01\",\"has_good_return\":\"true\"}";
        Assert.True(RefundNormalizer.Normalize(Encoding.UTF8.GetBytes(json), "s", Fixture.FetchedAt).Value.Refund.HasGoodReturn);
    }
}
