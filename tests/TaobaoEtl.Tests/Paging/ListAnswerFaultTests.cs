using NodaTime;
using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

/// <summary>Bad list answers from a hostile gateway (issue 15): refused as the platform's fault of that window, never followed.</summary>
public sealed class ListAnswerFaultTests
{
    [Fact]
    public void A_backfill_answer_without_its_count_is_asked_again_instead_of_ending_the_day()
    {
        // Before the cut by created: has_next missing read as false, and a day of 150 trades ended after its first 100.
        // The cut reads counts, so the same fault is now a count left out.
        var list = ListWith(150);
        var plan = new BackfillPagePlan(Day(), AllTypes);
        var first = list.Answer(plan.Next!);

        Assert.Empty(plan.Accept(first with { TotalResults = null }));
        Assert.Equal(ListAnswerFaultKind.MissingCount, plan.Fault?.Kind);
        Assert.Equal(Day().Range, plan.Next!.Window.Range);

        var listed = list.Drive(plan);
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(150, listed.Count);
    }

    [Fact]
    public void A_backfill_day_whose_answers_never_count_is_refused_after_the_bounded_retries()
    {
        var list = ListWith(150);
        var plan = new BackfillPagePlan(Day(), AllTypes);

        while (plan.Next is { } request) plan.Accept(list.Answer(request) with { TotalResults = null });

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFault.MaxBadAnswers, plan.Calls);
        Assert.Equal(ListAnswerFaultKind.MissingCount, plan.Fault?.Kind);
    }

    [Fact]
    public void A_backfill_page_that_repeats_forever_whatever_is_asked_is_refused()
    {
        // Before the cut: page 1 again and again with has_next=true. Now the next part ends at the page's oldest
        // second, and the same page again holds trades outside it.
        var list = ListWith(250);
        var plan = new BackfillPagePlan(Day(), AllTypes);
        var page1 = list.Answer(plan.Next!);

        var calls = 0;
        while (plan.Next is not null && calls++ < 100) plan.Accept(page1);

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFaultKind.TradeOutsideWindow, plan.Fault?.Kind);
        Assert.Equal(1 + ListAnswerFault.MaxBadAnswers, plan.Calls);
    }

    [Fact]
    public void A_backfill_day_beyond_the_page_bound_is_refused_at_once_instead_of_walked()
    {
        // Before the cut the bound was met on page 5; the day's count shows it on the first call.
        var plan = new BackfillPagePlan(Day(), AllTypes, maxPagesPerWindow: 5);
        var tid = 0L;

        while (plan.Next is not null && plan.Calls < 100)
            plan.Accept(new TidPage([.. Enumerable.Range(0, 100).Select(_ => new ListedTrade(++tid, SliceStart, SliceStart))], HasNext: null, TotalResults: 501));

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFaultKind.BeyondPageBound, plan.Fault?.Kind);
        Assert.Equal(1, plan.Calls);
    }

    [Fact]
    public void A_count_of_a_hundred_million_is_never_walked_page_by_page()
    {
        // Before: the plan asked page 1,000,000 first and walked down. Now every call is a page 1, and the lie shows
        // as soon as a part's page holds fewer trades than a page while its count says more: refused, owed.
        var list = ListWith(250);
        var plan = new IncrementPagePlan(Slice(), AllTypes);

        while (plan.Next is { } request && plan.Calls < 1000)
            plan.Accept(list.Answer(request) with { TotalResults = 100_000_000 });

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFaultKind.CountDisagreesWithPage, plan.Fault?.Kind);
        Assert.All(list.Requests, r => Assert.Equal(1, r.PageNo));
        Assert.True(plan.Calls < 20, $"{plan.Calls} calls");
    }

    [Fact]
    public void A_count_of_two_over_an_empty_page_is_refused_not_halved_into_an_accepted_minute()
    {
        var plan = new IncrementPagePlan(Slice(), AllTypes);

        while (plan.Next is not null) plan.Accept(new TidPage([], HasNext: false, TotalResults: 2));

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFaultKind.CountDisagreesWithPage, plan.Fault?.Kind);
    }

    [Fact]
    public void A_negative_count_is_a_platform_fault_not_an_exception()
    {
        var plan = new IncrementPagePlan(Slice(), AllTypes);

        while (plan.Next is not null) plan.Accept(new TidPage([], HasNext: false, TotalResults: -1));

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFaultKind.NegativeCount, plan.Fault?.Kind);
    }

    [Fact]
    public void An_increment_page_out_of_order_or_outside_its_window_is_refused()
    {
        var slice = Slice();
        var outOfOrder = new IncrementPagePlan(slice, AllTypes);
        var outside = new IncrementPagePlan(slice, AllTypes);

        outOfOrder.Accept(new TidPage([new(1, slice.Start), new(2, slice.Start + Duration.FromMinutes(1))], HasNext: false, TotalResults: 2));
        outside.Accept(new TidPage([new(1, Instant.MinValue)], HasNext: false, TotalResults: 1));

        Assert.Equal(ListAnswerFaultKind.OutOfOrder, outOfOrder.Fault?.Kind);
        Assert.Equal(ListAnswerFaultKind.TradeOutsideWindow, outside.Fault?.Kind);
    }

    [Fact]
    public void A_second_holding_more_than_a_page_is_paged_until_every_tied_trade_is_listed()
    {
        // 250 trades in one second, in a fresh order on every call: no cut by modified can split them.
        var list = new FakeTradeList(new Random(11));
        var second = SliceStart + Duration.FromMinutes(10);
        for (var tid = 1; tid <= 250; tid++) list.Put(tid, second);
        for (var tid = 251; tid <= 300; tid++) list.Put(tid, SliceStart + Duration.FromSeconds(tid));
        var plan = new IncrementPagePlan(Slice(), AllTypes, maxPasses: 10);

        var listed = list.Drive(plan);

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(300, listed.Select(t => t.Tid).Distinct().Count());
    }

    [Fact]
    public void Shortening_an_increment_halves_the_pending_part_and_both_halves_are_listed()
    {
        var list = ListWith(250);
        var slice = Slice();
        var plan = new IncrementPagePlan(slice, AllTypes);

        Assert.True(plan.Shorten());
        Assert.Equal(slice.Start + Duration.FromMinutes(15), plan.Next!.Window.Start);
        Assert.Equal(slice.End, plan.Next.Window.End);
        var listed = list.Drive(plan);

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(250, listed.Select(t => t.Tid).Distinct().Count());
    }

    [Fact]
    public void Shortening_a_backfill_day_halves_its_pending_part_and_both_halves_are_listed()
    {
        // Before the cut a day was one query and could not be shortened; a part of it is a shorter span of created.
        var list = ListWith(250);
        var day = Day();
        var plan = new BackfillPagePlan(day, AllTypes);

        Assert.True(plan.Shorten());
        Assert.Equal(day.Start + Duration.FromHours(12), plan.Next!.Window.Start);
        var listed = list.Drive(plan);

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(250, listed.Select(t => t.Tid).Distinct().Count());
        Assert.False(TidPagePlan.For(day, AllTypes, backfillByPosition: true).Shorten());
    }
}
