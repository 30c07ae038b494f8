using NodaTime;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Tests;

/// <summary>TopSim's own parts, tested directly: every trade's drawn life replays into consistent states.</summary>
public sealed class LifeCycleTests
{
    private static readonly TradeWorld World = WorldBuilder.Build(5, SimPreset.Small, 2, TopSimOptions.OrdinaryStart);

    [Fact]
    public void Every_trade_life_is_in_time_order_and_modified_never_goes_back()
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        for (var index = 0; index < World.Count; index += 7)
        {
            var n = World.Schedule(index, twinRate: 0.5, events);
            Assert.Equal(LifeStep.Create, events[0].Step);
            for (var k = 1; k < n; k++) Assert.True(events[k - 1].AtMs <= events[k].AtMs, $"trade {index} event {k} out of order");
        }
    }

    [Fact]
    public void Replayed_states_keep_the_platform_invariants_at_every_change()
    {
        var factory = new TradeSheetFactory(World);
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var finished = new HashSet<string> { "TRADE_FINISHED", "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO" };
        var refundStates = 0;
        for (var index = 0; index < World.Count; index += 11)
        {
            var n = World.Schedule(index, 0.3, events);
            var previous = Instant.MinValue;
            string? previousStatus = null;
            foreach (var e in events[..n].ToArray())
            {
                var t = factory.At(index, e.AtMs, 0.3)!;
                Assert.True(t.Modified >= previous);
                Assert.Equal(t.Lines.Sum(l => l.TotalFee) - t.DiscountFee + t.PostFee, t.Payment);
                if (previousStatus is not null && finished.Contains(previousStatus)) Assert.Contains(t.Status, finished);
                refundStates += CheckRefunds(t, index);
                if (t.Status == "WAIT_BUYER_CONFIRM_GOODS") Assert.NotNull(t.ConsignTime);
                if (t.Lines.Length == 1) Assert.Equal(t.Payment, t.Lines[0].Payment);
                previous = t.Modified;
                previousStatus = t.Status;
            }
        }

        Assert.True(refundStates > 0, "the sample replayed no refund: the refund invariants were not checked");
    }

    /// <summary>
    /// The refund invariants of one state (issue 18): each refund is against a line of its trade; a line's refunds come one
    /// after another (at most one open, and only the latest), the line naming the latest (refund_id, refund_status); each
    /// refund asks 1 fen to what the line had left when it was asked, so the line's successful refunds never pass its
    /// payment; a line refunded in full (money) is closed. Returns how many refunds the state holds.
    /// </summary>
    private static int CheckRefunds(TradeSheet t, int index)
    {
        if (!t.HasRefunds) return 0;
        for (var k = 0; k < t.Refunds.Count; k++)
        {
            var r = t.Refunds[k];
            Assert.Equal(k, r.Ordinal);
            Assert.Equal(World.RefundId(index, k), r.RefundId);
            Assert.True(World.TryIndexOfRefund(r.RefundId, out var back, out var ordinal) && back == index && ordinal == k, $"refund {r.RefundId} does not resolve");
            Assert.Equal(t.Lines[r.Line].Oid, r.Oid);
            Assert.True(k == 0 || t.Refunds[k - 1].Created <= r.Created, $"trade {index}: refund {k} asked before refund {k - 1}");
            Assert.True(r.Bill == RefundBill.Replace || !r.Status.StartsWith("EXCHANGE_", StringComparison.Ordinal), $"{r.RefundId}: {r.Status} on a {r.BillType}");
        }

        for (var lineNo = 0; lineNo < t.Lines.Length; lineNo++)
        {
            var line = t.Lines[lineNo];
            var ofLine = t.Refunds.Where(r => r.Line == lineNo).ToList();
            if (ofLine.Count == 0)
            {
                Assert.Equal("NO_REFUND", line.RefundStatus);
                Assert.Null(line.RefundId);
                continue;
            }

            long succeeded = 0;
            for (var k = 0; k < ofLine.Count; k++)
            {
                var r = ofLine[k];
                Assert.InRange(r.RefundFee, 1, line.Payment - succeeded);
                // One after another: every refund of the line but the latest has ended, and ended before the next was asked.
                if (k < ofLine.Count - 1)
                {
                    Assert.True(r.Ended, $"trade {index} line {lineNo}: refund {r.RefundId} is {r.Status} while a later one exists");
                    Assert.True(r.Modified <= ofLine[k + 1].Created, $"trade {index} line {lineNo}: refund {r.RefundId} ended after the next began");
                }

                if (r.Status == "SUCCESS") succeeded += r.RefundFee;
            }

            Assert.InRange(succeeded, 0, line.Payment);
            Assert.Equal(ofLine[^1].RefundId, line.RefundId);
            Assert.Equal(ofLine[^1].Status, line.RefundStatus);
            var moneyBack = ofLine.Where(r => r.Status == "SUCCESS" && r.Bill != RefundBill.Replace).Sum(r => r.RefundFee);
            if (moneyBack == line.Payment) Assert.Equal("TRADE_CLOSED", line.Status);
        }

        return t.Refunds.Count;
    }

    [Fact]
    public void The_world_refunds_lines_more_than_once_several_lines_of_a_trade_and_exchanges_through_their_own_states()
    {
        var factory = new TradeSheetFactory(World);
        var end = World.ToMs(World.Epoch) + 200L * 86_400_000;
        int lineAgain = 0, severalLines = 0, partialThenMore = 0, exchanges = 0, exchangesDone = 0;
        var billTypes = new HashSet<string>();
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        for (var index = 0; index < World.Count; index++)
        {
            var t = factory.At(index, end, 0);
            if (t is null || !t.HasRefunds) continue;
            var byLine = t.Refunds.GroupBy(r => r.Line).ToList();
            if (byLine.Any(g => g.Count() > 1)) lineAgain++;
            if (byLine.Count > 1) severalLines++;
            if (byLine.Any(g => g.SkipLast(1).Any(r => r is { Status: "SUCCESS" }))) partialThenMore++;
            foreach (var r in t.Refunds) billTypes.Add(r.BillType);
            var n = World.Schedule(index, 0, events);
            foreach (var r in t.Refunds.Where(r => r.Bill == RefundBill.Replace))
            {
                exchanges++;
                // Replay the exchange: it goes through both exchange states before its success.
                var seen = new List<string>();
                foreach (var e in events[..n].ToArray())
                {
                    var state = factory.At(index, e.AtMs, 0)!;
                    if (state.Refunds.Count > r.Ordinal && (seen.Count == 0 || seen[^1] != state.Refunds[r.Ordinal].Status)) seen.Add(state.Refunds[r.Ordinal].Status);
                }

                if (seen[^1] != "SUCCESS") continue;
                exchangesDone++;
                Assert.Equal(["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "EXCHANGE_WAIT_SELLER_SEND_GOODS", "EXCHANGE_WAIT_BUYER_RECEIVE_GOODS", "SUCCESS"], seen);
            }
        }

        Assert.True(lineAgain > 0 && severalLines > 0 && partialThenMore > 0 && exchangesDone > 0,
            $"{lineAgain} lines refunded again, {severalLines} trades with refunds on several lines, {partialThenMore} after a part refund, {exchangesDone}/{exchanges} exchanges done");
        Assert.Equal(["refund_bill", "replace_bill", "return_bill"], billTypes.Order(StringComparer.Ordinal));
    }
}
