using NodaTime;
using TaobaoEtl.Top;
using TaobaoEtl.Top.Methods;

namespace TaobaoEtl.Tests.Top.Methods;

public sealed class TopListMethodTests
{
    // 2026-11-10 16:00 UTC = 2026-11-11 00:00 GMT+8, the platform's wall clock.
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 10, 16, 0);
    private static readonly Instant End = Instant.FromUtc(2026, 11, 10, 16, 30);
    private static readonly TopSession Session = new("session");

    public static TheoryData<string, string, string, string, string> Lists => new()
    {
        { "sold", "taobao.trades.sold.get", "start_created", "true", TradeFields.TidAndModified },
        { "increment", "taobao.trades.sold.increment.get", "start_modified", "false", TradeFields.TidAndModified },
        { "refunds", "taobao.refunds.receive.get", "start_modified", "true", TradeFields.Refund },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void Every_list_method_sends_its_window_every_trade_type_and_its_query_defaults(string list, string method,
        string startParameter, string useHasNext, string fields)
    {
        var request = list switch
        {
            "sold" => TopMethods.TradesSold.Call(Session, new SoldTradesQuery(Start, End)).Request,
            "increment" => TopMethods.TradesSoldIncrement.Call(Session, new IncrementTradesQuery(Start, End)).Request,
            _ => TopMethods.RefundsReceive.Call(Session, new RefundsReceivedQuery(Start, End)).Request,
        };
        var sent = request.Parameters.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(method, request.Method);
        Assert.Equal("2026-11-11 00:00:00", sent[startParameter]);
        Assert.Equal("2026-11-11 00:30:00", sent[startParameter.Replace("start_", "end_", StringComparison.Ordinal)]);
        Assert.Equal(TradeTypes.AllJoined, sent["type"]);
        Assert.Equal(fields, sent["fields"]);
        Assert.Equal(useHasNext, sent["use_has_next"]);
        Assert.Equal("1", sent["page_no"]);
        Assert.Equal("100", sent["page_size"]);
        Assert.DoesNotContain("status", sent.Keys);
    }

    [Theory]
    [InlineData("sold")]
    [InlineData("increment")]
    [InlineData("refunds")]
    public void A_list_query_without_every_type_is_refused_before_it_is_sent(string list)
    {
        // An empty type would be left out of the request: the platform's defaults, a few types (for refunds two).
        foreach (IReadOnlyList<string> types in new[] { Array.Empty<string>(), ["fixed", " "] })
        {
            var error = Assert.Throws<ArgumentException>(() => list switch
            {
                "sold" => TopMethods.TradesSold.Call(Session, new SoldTradesQuery(Start, End) { Types = types }),
                "increment" => TopMethods.TradesSoldIncrement.Call(Session, new IncrementTradesQuery(Start, End) { Types = types }),
                _ => (object)TopMethods.RefundsReceive.Call(Session, new RefundsReceivedQuery(Start, End) { Types = types }),
            });
            Assert.Contains("every type", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_refund_query_with_the_plans_paging_sends_it_with_every_type_and_no_status()
    {
        var query = new RefundsReceivedQuery(Start, End) { PageNo = 4, PageSize = 50, UseHasNext = false, Fields = "refund_id,modified" };

        var sent = TopMethods.RefundsReceive.Call(Session, query).Request.Parameters.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(("4", "50", "false", "refund_id,modified"), (sent["page_no"], sent["page_size"], sent["use_has_next"], sent["fields"]));
        Assert.Equal(TradeTypes.AllJoined, sent["type"]);
        Assert.DoesNotContain("status", sent.Keys);
    }

    [Fact]
    public void A_trade_query_rewritten_with_paging_keeps_its_own_method()
    {
        TradeListQuery window = new IncrementTradesQuery(Start, End);

        var page = window with { PageNo = 3, UseHasNext = true };

        var call = page.Method.Call(Session, page);
        Assert.Equal("taobao.trades.sold.increment.get", call.Request.Method);
        Assert.Contains(new KeyValuePair<string, string>("page_no", "3"), call.Request.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("use_has_next", "true"), call.Request.Parameters);
    }
}
