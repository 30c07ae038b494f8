using NodaTime;
using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

public sealed class IncrementPagePlanTests
{
    [Fact]
    public void Increment_counts_first_then_pages_back_to_front_and_recounts_last()
    {
        var list = ListWith(350);
        var plan = new IncrementPagePlan(Slice(), AllTypes);

        list.Drive(plan);

        Assert.Equal(
            [(1, false), (4, true), (3, true), (2, true), (1, true), (1, false)],
            list.Requests.Select(r => (r.PageNo, r.UseHasNext)).ToArray());
        Assert.All(list.Requests, r => Assert.Equal(TidListMethod.IncrementByModified, r.Method));
        Assert.All(list.Requests, r => Assert.Equal(100, r.PageSize));
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(350, plan.Listed);
    }

    [Fact]
    public void Every_list_call_passes_every_trade_type()
    {
        var list = ListWith(250);

        list.Drive(new IncrementPagePlan(Slice(), AllTypes));
        list.Drive(new BackfillPagePlan(Day(), AllTypes));

        Assert.All(list.Requests, r => Assert.Equal(AllTypes, r.TradeTypes));
        Assert.All(list.Requests, r => Assert.Equal(string.Join(',', AllTypes), r.TypeParameter));
    }

    [Fact]
    public void A_plan_refuses_an_empty_type_list_which_would_mean_the_platform_defaults()
    {
        Assert.Throws<ArgumentException>(() => new IncrementPagePlan(Slice(), []));
        Assert.Throws<ArgumentException>(() => new BackfillPagePlan(Day(), []));
    }

    [Fact]
    public void An_empty_slice_costs_one_call()
    {
        var list = ListWith(0);
        var plan = new IncrementPagePlan(Slice(), AllTypes);

        var listed = list.Drive(plan);

        Assert.Single(list.Requests);
        Assert.Empty(listed);
        Assert.Equal(1, plan.Calls);
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
    }

    [Fact]
    public void A_slice_that_fits_one_page_is_read_whole_by_the_count_call()
    {
        var list = ListWith(100);
        var plan = new IncrementPagePlan(Slice(), AllTypes);

        var listed = list.Drive(plan);

        Assert.Single(list.Requests);
        Assert.Equal(100, listed.Select(t => t.Tid).Distinct().Count());
    }

    [Fact]
    public void Increment_pages_back_to_front_so_a_trade_modified_mid_paging_is_not_missed()
    {
        // After every call the newest-listed trade not yet changed is modified "now", after the slice's
        // end: it leaves the slice and every older trade shifts one place towards page 1.
        var list = ListWith(450);
        var slice = Slice();
        var before = list.TidsIn(slice.Range);
        var changed = 0L;
        list.BetweenCalls = _ => list.Put(450 - changed++, slice.End + Duration.FromSeconds(1));

        var plan = new IncrementPagePlan(slice, AllTypes);

        var listed = list.Drive(plan).Select(t => t.Tid).ToHashSet();

        Assert.DoesNotContain(before, tid => !listed.Contains(tid));
        // Back to front needs no second pass when trades only leave: nothing shifted past the reader.
        Assert.Equal(1, plan.Passes);
    }

    [Fact]
    public void Paging_front_to_back_under_the_same_changes_misses_trades_which_is_why_the_plan_does_not()
    {
        // The control for the test above: the same mutations against a forward reader lose trades.
        var list = ListWith(450);
        var slice = Slice();
        var before = list.TidsIn(slice.Range);
        var changed = 0L;
        list.BetweenCalls = _ => list.Put(450 - changed++, slice.End + Duration.FromSeconds(1));
        var seen = new HashSet<long>();
        for (var page = 1; page <= 5; page++)
        {
            var answer = list.Answer(new TidPageRequest(slice, TidListMethod.IncrementByModified, page, 100, true, AllTypes));
            seen.UnionWith(answer.Trades.Select(t => t.Tid));
        }

        Assert.Contains(before, tid => !seen.Contains(tid));
    }

    [Fact]
    public void The_test_only_front_to_back_switch_reads_pages_forward_once_and_loses_the_trades_the_rule_protects()
    {
        // Sync:Testing:IncrementPagingFrontToBack exists so the chaos harness can show it catches this loss.
        var list = ListWith(450);
        var slice = Slice();
        var before = list.TidsIn(slice.Range);
        var changed = 0L;
        list.BetweenCalls = _ => list.Put(450 - changed++, slice.End + Duration.FromSeconds(1));
        var plan = TidPagePlan.For(slice, AllTypes, incrementFrontToBack: true);

        var listed = list.Drive(plan).Select(t => t.Tid).ToHashSet();

        Assert.Equal([(1, false), (1, true), (2, true), (3, true), (4, true), (5, true)],
            list.Requests.Select(r => (r.PageNo, r.UseHasNext)).ToArray());
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Contains(before, tid => !listed.Contains(tid));
    }

    [Fact]
    public void A_slice_whose_count_grows_while_it_is_paged_is_read_again()
    {
        var list = ListWith(350);
        var slice = Slice();
        // Shown late by the platform's index: a trade modified mid-slice appears during the second page call.
        list.BetweenCalls = calls => { if (calls == 2) list.Put(9_001, PagingFixtures.SliceStart + Duration.FromMinutes(3)); };
        var plan = new IncrementPagePlan(slice, AllTypes);

        var listed = list.Drive(plan);

        Assert.Contains(listed, t => t.Tid == 9_001);
        Assert.Equal(2, plan.Passes);
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(
            [(1, false), (4, true), (3, true), (2, true), (1, true), (1, false), (4, true), (3, true), (2, true), (1, true), (1, false)],
            list.Requests.Select(r => (r.PageNo, r.UseHasNext)).ToArray());
    }

    [Fact]
    public void A_slice_where_one_trade_left_and_an_unseen_one_arrived_is_read_again_though_the_count_is_unchanged()
    {
        var list = ListWith(250);
        var slice = Slice();
        // Between the pass's page 1 (call 4) and the recount (call 5).
        list.BetweenCalls = calls =>
        {
            if (calls != 4) return;
            list.Put(1, slice.End + Duration.FromSeconds(5));                             // leaves
            list.Put(9_002, PagingFixtures.SliceStart + Duration.FromMinutes(29));        // arrives, lands on page 1
        };
        var plan = new IncrementPagePlan(slice, AllTypes);

        var listed = list.Drive(plan);

        Assert.Contains(listed, t => t.Tid == 9_002);
        Assert.Equal(2, plan.Passes);
    }

    [Fact]
    public void A_slice_that_only_loses_trades_while_paged_is_not_read_again()
    {
        var list = ListWith(250);
        var slice = Slice();
        list.BetweenCalls = calls => { if (calls == 2) list.Put(5, slice.End + Duration.FromSeconds(5)); };
        var plan = new IncrementPagePlan(slice, AllTypes);

        list.Drive(plan);

        Assert.Equal(1, plan.Passes);
        Assert.Equal(5, plan.Calls);
    }

    [Fact]
    public void A_slice_that_keeps_growing_stops_after_the_allowed_passes_as_unsettled()
    {
        var list = ListWith(250);
        var slice = Slice();
        var next = 10_000L;
        list.BetweenCalls = _ => list.Put(next++, PagingFixtures.SliceStart + Duration.FromSeconds(next % 1700));
        var plan = new IncrementPagePlan(slice, AllTypes, maxPasses: 3);

        list.Drive(plan);

        Assert.Equal(PagingOutcome.Unsettled, plan.Outcome);
        Assert.Equal(3, plan.Passes);
        Assert.Null(plan.Next);
    }

    [Fact]
    public void An_unsettled_slice_is_replanned_as_its_two_halves_until_it_is_minimal()
    {
        var halves = UnsettledSlicePolicy.Replan(Slice(30));

        Assert.Equal(2, halves.Count);
        Assert.Equal(Slice(30).Start, halves[0].Start);
        Assert.Equal(halves[0].End, halves[1].Start);
        Assert.Equal(Slice(30).End, halves[1].End);
        Assert.Empty(UnsettledSlicePolicy.Replan(Slice(1)));
    }

    [Fact]
    public void A_trade_seen_again_with_a_newer_modified_is_passed_on_again_but_a_repeat_is_not()
    {
        var list = ListWith(150);
        var slice = Slice();
        list.BetweenCalls = calls => { if (calls == 2) list.Put(3, PagingFixtures.SliceStart + Duration.FromMinutes(29)); };

        var listed = list.Drive(new IncrementPagePlan(slice, AllTypes));

        Assert.Equal(2, listed.Count(t => t.Tid == 3));
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public void A_count_answer_without_total_results_is_refused()
    {
        var plan = new IncrementPagePlan(Slice(), AllTypes);

        Assert.Throws<InvalidOperationException>(() => plan.Accept(new TidPage([], HasNext: false, TotalResults: null)));
    }

    [Fact]
    public void A_finished_plan_accepts_no_more_pages()
    {
        var plan = new IncrementPagePlan(Slice(), AllTypes);
        plan.Accept(new TidPage([], HasNext: false, TotalResults: 0));

        Assert.Throws<InvalidOperationException>(() => plan.Accept(new TidPage([], HasNext: false, TotalResults: 0)));
    }
}
