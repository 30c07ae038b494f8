using TaobaoEtl.Normalize;

namespace TaobaoEtl.Tests.Normalize;

public sealed class ErpStatusTests
{
    [Theory]
    [InlineData("TRADE_NO_CREATE_PAY", "pending_payment")]
    [InlineData("WAIT_BUYER_PAY", "pending_payment")]
    [InlineData("PAY_PENDING", "pending_payment")]
    [InlineData("WAIT_PRE_AUTH_CONFIRM", "pending_payment")]
    [InlineData("PAID_FORBID_CONSIGN", "on_hold")]
    [InlineData("WAIT_SELLER_SEND_GOODS", "to_ship")]
    [InlineData("SELLER_CONSIGNED_PART", "partially_shipped")]
    [InlineData("WAIT_BUYER_CONFIRM_GOODS", "shipped")]
    [InlineData("TRADE_BUYER_SIGNED", "delivered")]
    [InlineData("TRADE_FINISHED", "completed")]
    [InlineData("TRADE_CLOSED", "refunded_closed")]
    [InlineData("TRADE_CLOSED_BY_TAOBAO", "cancelled")]
    [InlineData("trade_finished", "unknown")]
    [InlineData("SOMETHING_NEW", "unknown")]
    public void Taobao_status_maps_to_the_documented_erp_status(string taobao, string erp) =>
        Assert.Equal(erp, ErpStatus.FromTaobao(taobao));

    [Fact]
    public void Documented_table_agrees_with_the_mapping_and_covers_every_platform_status()
    {
        string[] platformStatuses =
        [
            "TRADE_NO_CREATE_PAY", "WAIT_BUYER_PAY", "SELLER_CONSIGNED_PART", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS",
            "TRADE_BUYER_SIGNED", "TRADE_FINISHED", "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO", "PAY_PENDING", "WAIT_PRE_AUTH_CONFIRM",
            "PAID_FORBID_CONSIGN",
        ];
        Assert.Equal(platformStatuses.Order(StringComparer.Ordinal), ErpStatus.Table.Select(r => r.Taobao).Order(StringComparer.Ordinal));
        foreach (var (taobao, erp, _) in ErpStatus.Table)
            Assert.Equal(erp, ErpStatus.FromTaobao(taobao));
    }
}
