using NodaTime;
using TaobaoEtl.Streams;
using TaobaoEtl.Paging;
using TaobaoEtl.Tests.Top;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Streams;

/// <summary>The refund lister's call and its reading of the answer, against the scripted gateway (every byte a test's).</summary>
public sealed class RefundListerTests
{
    // 2026-11-12 00:00 to 00:30 GMT+8.
    private static readonly TradeWindow Window = new("shop1", SyncStream.Refund, WindowKind.IncrementSlice,
        new Interval(Instant.FromUtc(2026, 11, 11, 16, 0), Instant.FromUtc(2026, 11, 11, 16, 30)));

    private static TidPageRequest Request(int pageNo = 1, bool useHasNext = false) =>
        new(Window, TidListMethod.RefundsByModified, pageNo, 100, useHasNext, TradeTypes.All);

    [Fact]
    public async Task A_refund_request_is_sent_with_every_type_no_status_the_id_fields_and_the_plans_paging()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json("""
            {"refunds_receive_get_response":{"has_next":false}}
            """));
        using var top = new ScriptedClient(gateway.Url);

        await new RefundLister(top.Client).ListAsync(top.Session, Request(pageNo: 3, useHasNext: true), CancellationToken.None);

        var sent = Assert.Single(gateway.Calls);
        var parameters = sent.Form;
        Assert.Equal("taobao.refunds.receive.get", sent.ApiMethod);
        Assert.Equal(TradeTypes.AllJoined, parameters["type"]);
        Assert.DoesNotContain("status", parameters.Keys);
        Assert.Equal("refund_id,modified", parameters["fields"]);
        Assert.Equal(("3", "100", "true"), (parameters["page_no"], parameters["page_size"], parameters["use_has_next"]));
        Assert.Equal(("2026-11-12 00:00:00", "2026-11-12 00:30:00"), (parameters["start_modified"], parameters["end_modified"]));
    }

    [Fact]
    public async Task Refunds_become_listed_items_keyed_by_refund_id_and_those_without_an_id_are_counted_unnamed()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json("""
            {"refunds_receive_get_response":{"total_results":4,"refunds":{"refund":[
              {"refund_id":"88776655443322110","modified":"2026-11-12 00:20:00"},
              {"refund_id":88776655443322109},
              {"modified":"2026-11-12 00:10:00"},
              "not a refund"
            ]}}}
            """));
        using var top = new ScriptedClient(gateway.Url);

        var page = await new RefundLister(top.Client).ListAsync(top.Session, Request(), CancellationToken.None);

        Assert.Equal(
            [new ListedTrade(88776655443322110, Instant.FromUtc(2026, 11, 11, 16, 20), null), new ListedTrade(88776655443322109, Instant.MinValue, null)],
            page.Trades);
        Assert.Equal(2, page.Unnamed);
        Assert.Equal((null, 4L), (page.HasNext, page.TotalResults));
    }

    [Fact]
    public async Task The_refund_lister_refuses_a_trade_list_request()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json("{}"));
        using var top = new ScriptedClient(gateway.Url);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new RefundLister(top.Client).ListAsync(top.Session,
            Request() with { Method = TidListMethod.IncrementByModified }, CancellationToken.None));
        Assert.Empty(gateway.Calls);
    }
}
