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
                if (t.Refund is { Status: "SUCCESS" } refund) Assert.Equal("TRADE_CLOSED", t.Lines[refund.Line].Status);
                if (t.Refund is { } any)
                {
                    // A refund is against one of its trade's lines, never for more than that line's payment, and it is the
                    // refund the line names (issue 18: the line's refund_id is its latest refund).
                    refundStates++;
                    var line = t.Lines[any.Line];
                    Assert.Equal(line.Oid, any.Oid);
                    Assert.InRange(any.RefundFee, 1, line.Payment);
                    Assert.Equal(any.RefundId, line.RefundId);
                    Assert.Equal(any.Status, line.RefundStatus);
                }
                if (t.Status == "WAIT_BUYER_CONFIRM_GOODS") Assert.NotNull(t.ConsignTime);
                if (t.Lines.Length == 1) Assert.Equal(t.Payment, t.Lines[0].Payment);
                previous = t.Modified;
                previousStatus = t.Status;
            }
        }

        Assert.True(refundStates > 0, "the sample replayed no refund: the refund invariants were not checked");
    }
}
