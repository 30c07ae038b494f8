using System.Text;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Tests.Normalize;

/// <summary>
/// Issue 15 "Unattributed": input rejected before its own tid could be read was quarantined with tid NULL, so nothing
/// could retry it. Given the tid that was asked for, every rejection names it.
/// </summary>
public sealed class AskedTidTests
{
    public static TheoryData<string> RejectedBeforeTheTid => new()
    {
        """{"tid":42,"status":"WAIT_BUYER_PAY","buyer_message":"a\u0000b"}""",
        """{"tid":42,"status":"WAIT_BUYER_PAY","buyer_message":"\ud800"}""",
        """{"tid":18446744073709551616,"status":"WAIT_BUYER_PAY"}""",
        """{"tid":0,"status":"WAIT_BUYER_PAY"}""",
        """{"tid":42,"status":""",
        "<html>busy</html>",
    };

    [Theory]
    [MemberData(nameof(RejectedBeforeTheTid))]
    public void A_rejection_names_the_asked_tid(string json)
    {
        var result = TradeNormalizer.Normalize(Encoding.UTF8.GetBytes(json), "shop-1", Fixture.FetchedAt, askedTid: 42);
        Assert.False(result.IsAccepted);
        Assert.Equal(42, result.Rejection!.Tid);
        Assert.False(string.IsNullOrEmpty(result.Rejection.RawText));
    }

    [Fact]
    public void Without_an_asked_tid_a_rejection_before_the_tid_is_unattributed_as_before()
    {
        var result = TradeNormalizer.Normalize(Encoding.UTF8.GetBytes("""{"tid":42,"x":"a\u0000b"}"""), "shop-1", Fixture.FetchedAt);
        Assert.Null(result.Rejection!.Tid);
        // What jsonb refuses is kept whole in a form PostgreSQL text accepts.
        Assert.Contains("\\u0000", result.Rejection.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public void An_accepted_trade_is_unchanged_by_the_asked_tid()
    {
        var json = Encoding.UTF8.GetBytes(Fixture.TradeJson());
        Assert.Equal(TradeNormalizer.Normalize(json, "shop-1", Fixture.FetchedAt).Value.Tid,
            TradeNormalizer.Normalize(json, "shop-1", Fixture.FetchedAt, askedTid: 1).Value.Tid);
    }
}
