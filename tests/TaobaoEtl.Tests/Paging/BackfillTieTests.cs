using NodaTime;
using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

/// <summary>
/// A backfill day is listed by <c>created</c> descending, and trades created in the same second come in no stable order
/// between calls. Two of them that straddle the edge of pages 1 and 2 can swap between the two calls: paged by position,
/// one is listed twice and the other never, and a backfill day is never listed again.
/// </summary>
public sealed class BackfillTieTests
{
    [Fact]
    public void Two_trades_created_in_one_second_that_swap_across_a_page_edge_are_both_listed()
    {
        var (list, day, tied) = TiedAcrossTheFirstPageEdge();

        var plan = new BackfillPagePlan(day, AllTypes);

        var listed = list.Drive(plan).Select(t => t.Tid).ToHashSet();

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.All(tied, tid => Assert.Contains(tid, listed));
        Assert.Equal(list.TidsCreatedIn(day.Range).Order(), listed.Order());
    }

    [Fact]
    public void The_test_only_positional_backfill_never_lists_one_of_the_two()
    {
        // Sync:Testing:BackfillPagingByPosition restores the plan before the cut, so the harnesses can show this loss.
        var (list, day, tied) = TiedAcrossTheFirstPageEdge();
        var plan = TidPagePlan.For(day, AllTypes, backfillByPosition: true);

        var listed = list.Drive(plan).Select(t => t.Tid).ToHashSet();

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Single(tied, tid => !listed.Contains(tid));
    }

    // 150 trades created a second apart, except the two at positions 99 and 100 of the day's order, created in one
    // second: page 1 ends between them. The first call gives ties tid-descending, every later call tid-ascending.
    private static (FakeTradeList List, TaobaoEtl.Windows.TradeWindow Day, long[] Tied) TiedAcrossTheFirstPageEdge()
    {
        var day = Day();
        var list = new FakeTradeList { TiesReversedOn = call => call > 1 };
        var newest = day.Start + Duration.FromHours(20);
        for (var tid = 1; tid <= 150; tid++)
        {
            var position = 150 - tid; // tid 150 is the newest
            var second = position <= 99 ? position : position - 1; // positions 99 and 100 share a second
            list.Create(tid, newest - Duration.FromSeconds(second), modified: newest + Duration.FromDays(2));
        }

        return (list, day, [51, 50]);
    }
}
