using NodaTime;
using TaobaoEtl.Streams;
using TaobaoEtl.Paging;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.Windows;

namespace TaobaoEtl.IntegrationTests.Top;

/// <summary>
/// The refund lister with the refund page plan against TopSim over HTTP (issue 18), judged by TopSim's truth: a refund
/// window lists exactly the truth's refunds modified in it, of every trade type (the method's default is two types).
/// </summary>
public sealed class RefundListerAgainstTopSimTests
{
    // The refund list's default type filter (top-api.md §3): a lister that left type out would list only these.
    private static readonly string[] DefaultRefundTypes = ["guarantee_trade", "fixed", "auction", "auto_delivery"];

    [Theory]
    [InlineData(WindowKind.BackfillDay)]
    [InlineData(WindowKind.IncrementSlice)]
    public async Task A_refund_window_lists_every_refund_the_truth_has_modified_in_it_of_every_trade_type(WindowKind kind)
    {
        await using var s = await SimSession.StartAsync(FaultOptions.Clean());
        await s.Control.QuiesceAsync();
        var now = PlatformTime.FloorToSecond((await s.Client.GetTimeAsync(CancellationToken.None)).Time);
        // The whole horizon, so that it takes many cuts (the refund list has no span limit); either kind is listed by modified.
        var window = new TradeWindow("shop", SyncStream.Refund, kind, new Interval(PlatformHorizon.Of(now), now));
        var truth = await TruthRefundsAsync(s, window.Range);
        var lister = new RefundLister(s.Client);
        var plan = TidPagePlan.For(window, TradeTypes.All);

        var listed = new HashSet<(long, Instant)>();
        while (plan.Next is { } request)
            listed.UnionWith(plan.Accept(await lister.ListAsync(s.Session, request, CancellationToken.None)).Select(r => (r.Tid, r.Modified)));

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.True(truth.Count > 3 * TidPageRequest.MaxPageSize, $"only {truth.Count} refunds in {window}: the window takes few cuts");
        Assert.Contains(truth, refund => !DefaultRefundTypes.Contains(refund.TradeType));
        Assert.Equal(truth.Select(r => (r.RefundId, r.Modified)).Order(), listed.Order());
        Assert.Equal(0, s.Counters.Snapshot().Count(TopCallOutcome.CallerError));
    }

    [Fact]
    public async Task A_refund_page_without_refund_id_is_counted_unnamed_and_the_plan_refuses_it()
    {
        await using var s = await SimSession.StartAsync(FaultOptions.Clean());
        var now = PlatformTime.FloorToSecond((await s.Client.GetTimeAsync(CancellationToken.None)).Time);
        var window = new TradeWindow("shop", SyncStream.Refund, WindowKind.IncrementSlice, new Interval(now - Duration.FromDays(1), now));
        var plan = TidPagePlan.For(window, TradeTypes.All);
        var request = plan.Next!;

        // TopSim returns only the fields asked for: without refund_id, as a gateway that drops it would answer.
        var answer = await s.Client.GetRefundsReceivedAsync(s.Session, new RefundsReceivedQuery(window.Start, window.End)
        {
            PageNo = request.PageNo, PageSize = request.PageSize, UseHasNext = request.UseHasNext, Fields = "modified",
        }, CancellationToken.None);
        var page = RefundLister.ToPage(answer);

        Assert.NotEmpty(answer.Refunds);
        Assert.Empty(page.Trades);
        Assert.Equal(answer.Refunds.Count, page.Unnamed);
        Assert.Empty(plan.Accept(page));
        Assert.Equal(ListAnswerFaultKind.MissingId, plan.Fault?.Kind);
        Assert.Equal(PagingOutcome.Reading, plan.Outcome);
    }

    private sealed record TruthRefund(long RefundId, Instant Modified, string TradeType);

    // The truth's refund lines (each follows its trade's line) modified in the window, read as the truth writes them.
    private static async Task<List<TruthRefund>> TruthRefundsAsync(SimSession s, Interval range)
    {
        var refunds = new List<TruthRefund>();
        string? tradeType = null;
        foreach (var line in await s.Control.TruthLinesAsync(s.Sim.Shops[0].ShopId))
        {
            var kind = line.GetProperty("kind").GetString();
            if (kind == "trade") tradeType = line.GetProperty("type").GetString();
            if (kind != "refund") continue;
            var modified = PlatformTime.Parse(line.GetProperty("modified").GetString()!);
            if (range.Contains(modified))
                refunds.Add(new TruthRefund(line.GetProperty("refund_id").GetInt64(), modified, tradeType!));
        }

        return refunds;
    }
}
