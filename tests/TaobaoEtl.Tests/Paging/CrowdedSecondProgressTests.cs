using NodaTime;
using TaobaoEtl.Paging;
using TaobaoEtl.Windows;
using Xunit.Abstractions;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

/// <summary>
/// A crowded second paged while its ties come in a fresh order on every call (the platform gives no stable order):
/// each page is then a fresh draw of 100 of its n trades, a pass of n/100 pages lists only about two thirds of them,
/// and collecting all n takes about (n/100)·ln n pages (the coupon collector). A fixed number of passes leaves such a
/// second owed for good (a Double 11 backfill could never finish 11-11); the plan pages it while passes still add
/// new pairs, and gives it up only after passes that add nothing, or at the page bound.
/// </summary>
public sealed class CrowdedSecondProgressTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_second_of_900_ties_shuffled_on_every_call_settles_with_the_default_passes(bool backfill)
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var (list, plan, second) = CrowdedWorld(new Random(seed), 900, backfill, shuffleRate: 1);

            var listed = list.Drive(plan).Select(trade => trade.Tid).ToHashSet();

            Assert.True(plan.Outcome == PagingOutcome.Settled, $"seed {seed}: {plan.Outcome} ({plan.Fault}) after {plan.Calls} calls, {listed.Count} of 900 listed");
            Assert.Equal(900, list.TidsCreatedIn(second).Count(listed.Contains));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_second_with_a_trade_that_never_appears_is_owed_soon_after_its_passes_stop_adding(bool backfill)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var (list, plan, _) = CrowdedWorld(new Random(seed), 900, backfill, shuffleRate: 1);
            list.NeverListed.Add(450);

            var listed = list.Drive(plan).Select(trade => trade.Tid).ToHashSet();

            Assert.Equal(PagingOutcome.Owed, plan.Outcome);
            Assert.Equal(899, listed.Count);
            // Collecting the 899 takes about 7 passes of 10 calls; then MaxIdlePasses more that add nothing. Far below
            // the page bound (2000), which a rule without the idle passes would walk to.
            Assert.True(plan.Calls <= 10 * (12 + CutPagePlan.MaxIdlePasses), $"seed {seed}: {plan.Calls} calls");
        }
    }

    [Fact]
    public void A_second_whose_count_keeps_changing_is_owed_at_the_page_bound()
    {
        // Every count differs from the one before (a trade moves in and out of the second between calls), so every pass
        // is progress and the pairs never settle: only the bound ends it.
        var list = new FakeTradeList(new Random(5));
        var slice = Slice();
        var second = slice.End - Duration.FromSeconds(1);
        for (var tid = 1; tid <= 150; tid++) list.Put(tid, second);
        list.BetweenCalls = calls => list.Put(151, calls % 2 == 0 ? second : slice.End + Duration.FromMinutes(5));
        var plan = new IncrementPagePlan(slice, AllTypes, maxPagesPerWindow: 40);

        list.Drive(plan);

        Assert.Equal(PagingOutcome.Owed, plan.Outcome);
        Assert.True(plan.Calls <= 1 + 40, $"{plan.Calls} calls");
    }

    [Fact]
    public void Calls_per_crowded_second_under_shuffled_ties()
    {
        // Report: the day holds one crowded second alone at its start (3 calls of overhead: two cuts and the recount).
        var unsettled = new List<string>();
        foreach (var rate in new[] { 1.0, 0.5 })
        {
            foreach (var n in new[] { 101, 200, 300, 500, 700, 900, 1000 })
            {
                const int Worlds = 200;
                var settled = 0;
                long settledCalls = 0, owedCalls = 0;
                var random = new Random(n);
                for (var world = 0; world < Worlds; world++)
                {
                    var (list, plan, _) = CrowdedWorld(new Random(random.Next()), n, backfill: true, rate);
                    list.Drive(plan);
                    if (plan.Outcome == PagingOutcome.Settled)
                    {
                        settled++;
                        settledCalls += plan.Calls - 3;
                    }
                    else
                    {
                        owedCalls += plan.Calls - 3;
                    }
                }

                output.WriteLine($"shuffle {rate:0.0} n {n,4}: settled {settled,3}/{Worlds}, calls per settled second {(settled == 0 ? 0 : settledCalls / (double)settled),6:0.0}, " +
                                 $"per owed second {(settled == Worlds ? 0 : owedCalls / (double)(Worlds - settled)),6:0.0}, one pass {(n + 99) / 100 + 1}");
                if (settled < Worlds * 0.98) unsettled.Add($"shuffle {rate}, n {n}: only {settled} of {Worlds} settled");
            }
        }

        Assert.Empty(unsettled);
    }

    /// <summary>n trades in one second at the start of a backfill day (by created) or of an increment slice (by modified).</summary>
    private static (FakeTradeList List, ITidPagePlan Plan, Interval Second) CrowdedWorld(Random random, int n, bool backfill, double shuffleRate)
    {
        var list = new FakeTradeList(random, shuffleRate: shuffleRate);
        var window = backfill ? Day() : Slice();
        var second = new Interval(window.Start, window.Start + Duration.FromSeconds(1));
        for (var tid = 1; tid <= n; tid++)
        {
            if (backfill) list.Create(tid, second.Start, modified: second.Start + Duration.FromMinutes(tid));
            else list.Put(tid, second.Start);
        }

        ITidPagePlan plan = backfill ? new BackfillPagePlan(window, AllTypes) : new IncrementPagePlan(window, AllTypes);
        return (list, plan, second);
    }
}
