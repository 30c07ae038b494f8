using NodaTime;
using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

public sealed class BackfillPagePlanTests
{
    [Fact]
    public void Backfill_cuts_the_day_by_created_with_page_1_of_ever_shorter_parts_and_a_recount()
    {
        // Before: page 1, 2, 3 of the day with use_has_next=true. Now each call is page 1 of a part, counted, and
        // the next part ends where the page's oldest created second ends; a last count of the day settles it.
        var list = ListWith(250);
        var day = Day();
        var plan = new BackfillPagePlan(day, AllTypes);

        var listed = list.Drive(plan);

        Assert.All(list.Requests, r =>
        {
            Assert.Equal(1, r.PageNo);
            Assert.False(r.UseHasNext);
            Assert.Equal(TidListMethod.SoldByCreated, r.Method);
            Assert.Equal("tid,modified,created", r.Fields);
            Assert.Equal(100, r.PageSize);
            Assert.Equal(day.Start, r.Window.Start);
        });
        Assert.Equal(day.Range, list.Requests[0].Window.Range);
        Assert.Equal(day.Range, list.Requests[^1].Window.Range);
        Assert.True(list.Requests.Zip(list.Requests.Skip(1).SkipLast(1)).All(pair => pair.Second.Window.End < pair.First.Window.End));
        Assert.Equal(250, listed.Select(t => t.Tid).Distinct().Count());
        Assert.Equal(4, plan.Calls);
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
    }

    [Fact]
    public void An_empty_backfill_day_costs_one_call()
    {
        var list = ListWith(0);

        list.Drive(new BackfillPagePlan(Day(), AllTypes));

        Assert.Single(list.Requests);
    }

    [Fact]
    public void A_day_that_fits_one_page_is_read_in_one_call()
    {
        var list = ListWith(100);
        var plan = new BackfillPagePlan(Day(), AllTypes);

        Assert.Equal(100, list.Drive(plan).Count);
        Assert.Equal((1, PagingOutcome.Settled), (plan.Calls, plan.Outcome));
    }

    [Fact]
    public void An_empty_page_that_claims_more_is_refused_as_a_platform_fault_instead_of_looping()
    {
        // Before the cut: an empty page with has_next=true. Now the same lie is a count over an empty page.
        var plan = new BackfillPagePlan(Day(), AllTypes);

        for (var answer = 0; answer < ListAnswerFault.MaxBadAnswers; answer++)
            Assert.Empty(plan.Accept(new TidPage([], HasNext: true, TotalResults: 2)));

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFaultKind.CountDisagreesWithPage, plan.Fault?.Kind);
        Assert.Null(plan.Next);
    }

    [Fact]
    public void A_page_without_created_cannot_be_cut_and_is_refused()
    {
        var plan = new BackfillPagePlan(Day(), AllTypes);
        var trade = new ListedTrade(1, SliceStart + Duration.FromHours(1));

        for (var answer = 0; answer < ListAnswerFault.MaxBadAnswers; answer++)
            Assert.Empty(plan.Accept(new TidPage([trade], HasNext: null, TotalResults: 1)));

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFaultKind.TradeOutsideWindow, plan.Fault?.Kind);
    }

    [Fact]
    public void The_plan_for_a_window_follows_its_kind()
    {
        Assert.IsType<BackfillPagePlan>(TidPagePlan.For(Day(), AllTypes));
        Assert.IsType<PositionalBackfillPlan>(TidPagePlan.For(Day(), AllTypes, backfillByPosition: true));
        Assert.IsType<IncrementPagePlan>(TidPagePlan.For(Slice(), AllTypes));
        Assert.IsType<IncrementPagePlan>(TidPagePlan.For(Slice(), AllTypes, backfillByPosition: true));
    }
}
