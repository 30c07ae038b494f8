using TaobaoEtl.Normalize;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.IntegrationTests.Top;

/// <summary>Each typed method against the answers of an independent implementation of the platform (TopSim).</summary>
public sealed class TopClientMethodsAgainstTopSimTests
{
    private static async Task<SimSession> CleanAsync() => await SimSession.StartAsync(FaultOptions.Clean());

    [Fact]
    public async Task Lists_and_fullinfo_read_TopSims_answers_and_the_answer_is_dated_by_the_simulated_clock()
    {
        await using var s = await CleanAsync();

        var time = await s.Client.GetTimeAsync(CancellationToken.None);
        var window = new SoldTradesQuery(time.Time - Duration.FromDays(2), time.Time) { PageSize = 50, UseHasNext = false };
        var page = await s.Client.GetSoldTidsAsync(s.Session, window, CancellationToken.None);
        Assert.NotEmpty(page.Trades);
        Assert.NotNull(page.TotalResults);
        Assert.All(page.Trades, t => Assert.True(t.Tid > 0));
        Assert.All(page.Trades, t => Assert.NotNull(t.Modified));

        var tid = page.Trades[0].Tid;
        var full = await s.Client.GetFullInfoAsync(s.Session, tid, CancellationToken.None);
        Assert.Equal(tid, full.Tid);
        Assert.True(full.Answer.FromDateHeader);
        // TopSim puts its simulated clock in the Date header: the answer instant is platform time, not the host's.
        Assert.InRange(full.Answer.DatedAt, time.Time - Duration.FromMinutes(1), time.Time + Duration.FromHours(1));
        // The read is dated no later than the answer's Date second (a lower bound, top-api.md §2a).
        Assert.True(full.ReadNotBefore <= full.Answer.DatedAt, $"read {full.ReadNotBefore} after the answer's Date {full.Answer.DatedAt}");
        using var trade = JsonDocument.Parse(full.TradeJson);
        Assert.True(trade.RootElement.TryGetProperty("orders", out _));
        Assert.False(string.IsNullOrEmpty(full.Answer.RequestId));

        var increment = await s.Client.GetIncrementTidsAsync(s.Session,
            new IncrementTradesQuery(time.Time - Duration.FromHours(6), time.Time) { PageSize = 100, UseHasNext = false },
            CancellationToken.None);
        Assert.NotNull(increment.TotalResults);
        Assert.All(increment.Trades, t => Assert.InRange(t.Modified!.Value, time.Time - Duration.FromHours(6), time.Time + Duration.FromHours(1)));
    }

    [Fact]
    public async Task Refunds_and_the_message_service_read_TopSims_answers()
    {
        await using var s = await CleanAsync();
        var time = await s.Client.GetTimeAsync(CancellationToken.None);

        var refunds = await s.Client.GetRefundsReceivedAsync(s.Session,
            new RefundsReceivedQuery(time.Time - Duration.FromDays(1), time.Time) { UseHasNext = false, PageSize = 100 }, CancellationToken.None);
        Assert.NotEmpty(refunds.Refunds);
        Assert.Equal(refunds.TotalResults, refunds.Refunds.Count);
        Assert.All(refunds.Refunds, r => Assert.NotNull(r.Modified));
        var listed = refunds.Refunds[0];
        var one = await s.Client.GetRefundAsync(s.Session, listed.RefundId!.Value, TradeFields.Refund, CancellationToken.None);
        Assert.Equal((listed.RefundId, listed.Modified), (one.RefundId, one.Modified));
        // Both answers are raw refund objects for the one reading of a refund, RefundNormalizer.
        var fromList = RefundNormalizer.Normalize(listed.RefundJson.Span, "s", one.ReadNotBefore).Value.Refund;
        var fromDetail = RefundNormalizer.Normalize(one.RefundJson.Span, "s", one.ReadNotBefore).Value.Refund;
        Assert.Equal((fromList.RefundId, fromList.RefundFee, fromList.Status), (fromDetail.RefundId, fromDetail.RefundFee, fromDetail.Status));
        Assert.NotNull(fromDetail.RefundFee);

        Assert.True(await s.Client.PermitTmcUserAsync(s.Session, null, CancellationToken.None));
        await s.AdvanceClockAsync(Duration.FromMinutes(30));
        var messages = await s.Client.ConsumeMessagesAsync(null, 100, CancellationToken.None);
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.StartsWith("taobao_", m.Topic, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.NotNull(m.PubTime));
        Assert.True(await s.Client.ConfirmMessagesAsync(messages.Select(m => m.Id).Take(200).ToArray(), null, CancellationToken.None));
        Assert.Equal(0, s.Counters.Snapshot().Count(TopCallOutcome.CallerError));
    }
}
