using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

public sealed class BackfillPagePlanTests
{
    [Fact]
    public void Backfill_pages_forward_with_has_next_until_the_platform_says_no_more()
    {
        var list = ListWith(250);
        var plan = new BackfillPagePlan(Day(), AllTypes);

        var listed = list.Drive(plan);

        Assert.Equal([1, 2, 3], list.Requests.Select(r => r.PageNo).ToArray());
        Assert.All(list.Requests, r =>
        {
            Assert.True(r.UseHasNext);
            Assert.Equal(TidListMethod.SoldByCreated, r.Method);
            Assert.Equal(100, r.PageSize);
        });
        Assert.Equal(250, listed.Count);
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
    public void An_empty_page_that_claims_more_is_refused_as_a_platform_fault_instead_of_looping()
    {
        var plan = new BackfillPagePlan(Day(), AllTypes);

        for (var answer = 0; answer < ListAnswerFault.MaxBadAnswers; answer++)
            Assert.Empty(plan.Accept(new TidPage([], HasNext: true, TotalResults: null)));

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Equal(ListAnswerFaultKind.EmptyPageClaimsMore, plan.Fault?.Kind);
        Assert.Null(plan.Next);
    }

    [Fact]
    public void The_plan_for_a_window_follows_its_kind()
    {
        Assert.IsType<BackfillPagePlan>(TidPagePlan.For(Day(), AllTypes));
        Assert.IsType<IncrementPagePlan>(TidPagePlan.For(Slice(), AllTypes));
    }
}
