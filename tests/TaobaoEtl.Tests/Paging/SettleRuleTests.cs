using NodaTime;
using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

/// <summary>Loss path 1 of issue 15: a slice must settle only when it is proven complete, never on counts alone.</summary>
public sealed class SettleRuleTests
{
    [Fact]
    public void A_late_change_mid_slice_and_a_departure_that_keep_the_count_do_not_hide_the_trade_pushed_onto_a_read_page()
    {
        var slice = Slice();
        var (list, pushed) = CounterExample();
        var plan = TidPagePlan.For(slice, AllTypes);

        var listed = list.Drive(plan);

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Contains(listed, t => t.Tid == pushed);
    }

    [Fact]
    public void The_test_only_weak_settle_rule_settles_the_same_counter_example_without_the_pushed_trade()
    {
        // Sync:Testing:WeakSettleRule restores the rule before issue 15 so the chaos harness can show this loss.
        var slice = Slice();
        var (list, pushed) = CounterExample();
        var plan = TidPagePlan.For(slice, AllTypes, weakSettleRule: true);

        var listed = list.Drive(plan);

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.DoesNotContain(listed, t => t.Tid == pushed);
        Assert.Equal(250, list.PairsIn(slice.Range).Count);
    }

    /// <summary>
    /// The counter-example: 250 trades, read page 3 then 2 then 1. After the second call (page 3 under the
    /// positional rule) a late-indexed change surfaces at position 150 and a trade read on page 3 is modified past the
    /// slice end: the count stays 250, and the trade at position 199 (<c>Pushed</c>) moves onto page 3, already read.
    /// All in <see cref="PagingFixtures.Slice"/>.
    /// </summary>
    private static (FakeTradeList List, long Pushed) CounterExample()
    {
        var list = ListWith(250);
        var slice = Slice();
        var pushed = list.TidAt(slice.Range, 199);
        var departing = list.TidAt(slice.Range, 230);
        var surfacing = list.ModifiedOf(list.TidAt(slice.Range, 150)) + Duration.FromSeconds(1);
        list.BetweenCalls = calls =>
        {
            if (calls != 2) return;
            list.Put(9_150, surfacing);
            list.Put(departing, slice.End + Duration.FromSeconds(3));
        };
        return (list, pushed);
    }
}
