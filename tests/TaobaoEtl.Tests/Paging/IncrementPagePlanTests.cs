using NodaTime;
using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

public sealed class IncrementPagePlanTests
{
    [Fact]
    public void Increment_cuts_the_slice_by_modified_reading_page_1_of_each_older_part_then_recounts_the_slice_once()
    {
        var list = ListWith(350);
        var slice = Slice();
        var plan = new IncrementPagePlan(slice, AllTypes);

        list.Drive(plan);

        // Every call is a count with its page 1: one answer, one instant. Each part ends where the previous page's
        // oldest second began, and the last call counts the whole slice again.
        Assert.All(list.Requests, r => Assert.Equal((1, false), (r.PageNo, r.UseHasNext)));
        Assert.All(list.Requests, r => Assert.Equal(TidListMethod.IncrementByModified, r.Method));
        Assert.All(list.Requests, r => Assert.Equal(100, r.PageSize));
        Assert.All(list.Requests, r => Assert.Equal(slice.Start, r.Window.Start));
        Assert.Equal(slice.End, list.Requests[0].Window.End);
        Assert.Equal(slice.Range, list.Requests[^1].Window.Range);
        Assert.True(list.Requests.Zip(list.Requests.Skip(1).SkipLast(1)).All(pair => pair.Second.Window.End < pair.First.Window.End));
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(350, plan.Listed);
        Assert.Equal(5, plan.Calls);
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
        // Trades that only leave hide nothing from a plan that cuts by modified: one round.
        Assert.Equal(1, plan.Rounds);
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
    public void A_trade_shown_late_in_a_part_still_unread_is_listed_in_the_same_round()
    {
        var list = ListWith(350);
        var slice = Slice();
        // Shown late by the platform's index: a trade modified early in the slice appears after the second call.
        list.BetweenCalls = calls => { if (calls == 2) list.Put(9_001, PagingFixtures.SliceStart + Duration.FromMinutes(3)); };
        var plan = new IncrementPagePlan(slice, AllTypes);

        var listed = list.Drive(plan);

        Assert.Contains(listed, t => t.Tid == 9_001);
        Assert.Equal(1, plan.Rounds);
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
    }

    [Fact]
    public void A_trade_that_surfaces_unseen_in_a_part_already_read_makes_the_recount_read_the_slice_again()
    {
        var list = ListWith(250);
        var slice = Slice();
        var surfacing = list.ModifiedOf(list.TidAt(slice.Range, 150)) + Duration.FromSeconds(1);
        // After the second call the newest ~199 trades are read; the arrival lands among them, beyond page 1.
        list.BetweenCalls = calls => { if (calls == 2) list.Put(9_002, surfacing); };
        var plan = new IncrementPagePlan(slice, AllTypes);

        var listed = list.Drive(plan);

        Assert.Contains(listed, t => t.Tid == 9_002);
        Assert.Equal(2, plan.Rounds);
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
    }

    [Fact]
    public void A_trade_that_surfaces_at_the_head_while_one_leaves_is_listed_by_the_recount_of_the_slice()
    {
        var list = ListWith(250);
        var slice = Slice();
        // After the last part (call 3), before the recount: the count stays 250.
        list.BetweenCalls = calls =>
        {
            if (calls != 3) return;
            list.Put(1, slice.End + Duration.FromSeconds(5));                             // leaves
            list.Put(9_002, PagingFixtures.SliceStart + Duration.FromMinutes(29));        // arrives, lands on page 1
        };
        var plan = new IncrementPagePlan(slice, AllTypes);

        var listed = list.Drive(plan);

        Assert.Contains(listed, t => t.Tid == 9_002);
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
    }

    [Fact]
    public void A_slice_that_only_loses_trades_while_paged_is_not_read_again()
    {
        var list = ListWith(250);
        var slice = Slice();
        list.BetweenCalls = calls => { if (calls == 2) list.Put(5, slice.End + Duration.FromSeconds(5)); };
        var plan = new IncrementPagePlan(slice, AllTypes);

        list.Drive(plan);

        Assert.Equal(1, plan.Rounds);
        Assert.Equal(4, plan.Calls);
    }

    [Fact]
    public void A_slice_that_keeps_growing_stops_after_the_allowed_passes_as_unsettled()
    {
        var list = ListWith(250);
        var slice = Slice();
        var next = 10_000L;
        // Every call, a late change surfaces in the middle of the slice: after the second call of each round that
        // part is read, so the recount keeps finding more trades than were listed.
        list.BetweenCalls = _ => list.Put(next++, PagingFixtures.SliceStart + Duration.FromSeconds(700 + next % 100));
        var plan = new IncrementPagePlan(slice, AllTypes, maxPasses: 3);

        list.Drive(plan);

        Assert.Equal(PagingOutcome.Unsettled, plan.Outcome);
        Assert.Equal(3, plan.Rounds);
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
    public void A_count_answer_without_total_results_is_asked_again_then_refused_as_a_platform_fault()
    {
        var plan = new IncrementPagePlan(Slice(), AllTypes);

        for (var answer = 1; answer < ListAnswerFault.MaxBadAnswers; answer++)
        {
            Assert.Empty(plan.Accept(new TidPage([], HasNext: false, TotalResults: null)));
            Assert.Equal(PagingOutcome.Reading, plan.Outcome);
            Assert.Equal(ListAnswerFaultKind.MissingCount, plan.Fault?.Kind);
            Assert.Equal((1, false), (plan.Next!.PageNo, plan.Next.UseHasNext));
        }

        plan.Accept(new TidPage([], HasNext: false, TotalResults: null));
        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Null(plan.Next);
    }

    [Fact]
    public void A_finished_plan_accepts_no_more_pages()
    {
        var plan = new IncrementPagePlan(Slice(), AllTypes);
        plan.Accept(new TidPage([], HasNext: false, TotalResults: 0));

        Assert.Throws<InvalidOperationException>(() => plan.Accept(new TidPage([], HasNext: false, TotalResults: 0)));
    }
}
