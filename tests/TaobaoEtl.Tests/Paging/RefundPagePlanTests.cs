using NodaTime;
using TaobaoEtl.Paging;
using TaobaoEtl.Windows;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

/// <summary>
/// Refund windows (issue 18): <c>taobao.refunds.receive.get</c> lists by <c>modified</c> only, so a refund window of
/// either kind (a backfill day over the horizon, an increment slice) gets the increment plan with the refund list. The
/// fake list is the same as the trades' (ordered by <c>modified</c> for every method but <c>sold.get</c>); its tids stand
/// for refund ids.
/// </summary>
public sealed class RefundPagePlanTests
{
    [Theory]
    [InlineData(SyncStream.Trade, WindowKind.IncrementSlice, false, typeof(IncrementPagePlan), TidListMethod.IncrementByModified)]
    [InlineData(SyncStream.Trade, WindowKind.BackfillDay, false, typeof(BackfillPagePlan), TidListMethod.SoldByCreated)]
    [InlineData(SyncStream.Trade, WindowKind.IncrementSlice, true, typeof(PositionalPagePlan), TidListMethod.IncrementByModified)]
    [InlineData(SyncStream.Trade, WindowKind.BackfillDay, true, typeof(PositionalBackfillPlan), TidListMethod.SoldByCreated)]
    [InlineData(SyncStream.Refund, WindowKind.IncrementSlice, false, typeof(IncrementPagePlan), TidListMethod.RefundsByModified)]
    [InlineData(SyncStream.Refund, WindowKind.BackfillDay, false, typeof(IncrementPagePlan), TidListMethod.RefundsByModified)]
    // The test-only switches reproduce old trade plans; refunds never had them.
    [InlineData(SyncStream.Refund, WindowKind.IncrementSlice, true, typeof(IncrementPagePlan), TidListMethod.RefundsByModified)]
    [InlineData(SyncStream.Refund, WindowKind.BackfillDay, true, typeof(IncrementPagePlan), TidListMethod.RefundsByModified)]
    public void The_plan_follows_the_stream_then_the_kind(SyncStream stream, WindowKind kind, bool testSwitches, Type planType, TidListMethod method)
    {
        var window = new TradeWindow("shop1", stream, kind, RefundWindow(kind).Range);

        var plan = TidPagePlan.For(window, AllTypes, incrementFrontToBack: testSwitches, weakSettleRule: testSwitches, backfillByPosition: testSwitches);

        Assert.IsType(planType, plan);
        Assert.Equal(method, plan.Next!.Method);
        Assert.Equal(window, plan.Next.Window);
    }

    [Theory]
    [InlineData(TidListMethod.SoldByCreated, "tid,modified,created")]
    [InlineData(TidListMethod.IncrementByModified, "tid,modified")]
    [InlineData(TidListMethod.RefundsByModified, "refund_id,modified")]
    public void Each_list_method_asks_for_its_id_and_the_keys_its_plan_cuts_by(TidListMethod method, string fields)
    {
        Assert.Equal(fields, new TidPageRequest(Slice(), method, 1, 100, false, AllTypes).Fields);
        Assert.Equal(fields, TidPageRequest.FieldsOf(method));
    }

    [Theory]
    [InlineData(WindowKind.IncrementSlice, 0, 1)]
    [InlineData(WindowKind.IncrementSlice, 100, 1)]
    [InlineData(WindowKind.IncrementSlice, 350, 5)]
    [InlineData(WindowKind.BackfillDay, 0, 1)]
    [InlineData(WindowKind.BackfillDay, 100, 1)]
    [InlineData(WindowKind.BackfillDay, 350, 5)]
    public void A_refund_window_of_either_kind_is_cut_by_modified_from_the_refund_list_passing_every_type(WindowKind kind, int refunds, int calls)
    {
        var list = ListWith(refunds);
        var window = RefundWindow(kind);
        var plan = TidPagePlan.For(window, AllTypes);

        var listed = list.Drive(plan);

        Assert.All(list.Requests, r => Assert.Equal((TidListMethod.RefundsByModified, "refund_id,modified", 1, false, 100),
            (r.Method, r.Fields, r.PageNo, r.UseHasNext, r.PageSize)));
        Assert.All(list.Requests, r => Assert.Equal((SyncStream.Refund, kind, window.Start), (r.Window.Stream, r.Window.Kind, r.Window.Start)));
        Assert.All(list.Requests, r => Assert.Equal(string.Join(',', AllTypes), r.TypeParameter));
        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(refunds, listed.Select(r => r.Tid).Distinct().Count());
        Assert.Equal(calls, plan.Calls);
    }

    [Fact]
    public void A_trade_backfill_day_is_still_refused_by_the_increment_plan()
    {
        Assert.Throws<ArgumentException>(() => new IncrementPagePlan(Day(), AllTypes));
        Assert.Throws<ArgumentException>(() => new IncrementPagePlan(RefundWindow(WindowKind.BackfillDay), []));
    }

    [Theory]
    [InlineData(WindowKind.IncrementSlice)]
    [InlineData(WindowKind.BackfillDay)]
    public void Refunds_modified_while_the_window_is_paged_churn_the_pages_and_every_refund_that_stayed_is_listed(WindowKind kind)
    {
        // After every call the newest refund not yet changed is modified after the window's end (the buyer or the
        // seller acted on it): it leaves the window and every older refund shifts one place towards page 1.
        var list = ListWith(450);
        var window = RefundWindow(kind);
        var before = list.TidsIn(window.Range);
        var changed = 0L;
        list.BetweenCalls = _ => list.Put(450 - changed++, window.End + Duration.FromSeconds(1));
        var plan = TidPagePlan.For(window, AllTypes);

        var listed = list.Drive(plan).Select(r => r.Tid).ToHashSet();

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        var stayed = before.Intersect(list.TidsIn(window.Range)).ToList();
        Assert.True(stayed.Count > 300, $"the scenario moved too many refunds out: {stayed.Count} stayed");
        Assert.DoesNotContain(stayed, refundId => !listed.Contains(refundId));
    }

    [Fact]
    public void Paging_the_same_refund_churn_by_position_front_to_back_loses_refunds_which_is_why_the_plan_does_not()
    {
        // The control of the test above: the model's churn does cost a positional reader refunds.
        var list = ListWith(450);
        var window = RefundWindow(WindowKind.IncrementSlice);
        var before = list.TidsIn(window.Range);
        var changed = 0L;
        list.BetweenCalls = _ => list.Put(450 - changed++, window.End + Duration.FromSeconds(1));
        var seen = new HashSet<long>();
        for (var page = 1; page <= 5; page++)
            seen.UnionWith(list.Answer(new TidPageRequest(window, TidListMethod.RefundsByModified, page, 100, true, AllTypes)).Trades.Select(r => r.Tid));

        Assert.Contains(before.Intersect(list.TidsIn(window.Range)), refundId => !seen.Contains(refundId));
    }

    [Theory]
    [InlineData(WindowKind.IncrementSlice, 1)]
    [InlineData(WindowKind.IncrementSlice, 2)]
    [InlineData(WindowKind.IncrementSlice, 2026)]
    [InlineData(WindowKind.BackfillDay, 1)]
    [InlineData(WindowKind.BackfillDay, 2)]
    [InlineData(WindowKind.BackfillDay, 2026)]
    public void A_settled_refund_window_misses_no_refund_it_could_have_seen_under_insertions_departures_and_moves(WindowKind kind, int seed) =>
        SettleRulePropertyTests.World.AssertSettledOwingNothing(
            seed, rounds: 80, random => SettleRulePropertyTests.World.Draw(random, window: RefundWindow(kind)),
            window => (IncrementPagePlan)TidPagePlan.For(window, AllTypes, maxPasses: 10), (plan, modified) => plan.IsUnread(modified));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_weak_positional_rule_loses_refunds_in_the_same_worlds(int seed)
    {
        // The control of the property: its refund worlds catch a rule that trusts counts and positions.
        var lost = SettleRulePropertyTests.World.LostWhereSettled(
            seed, rounds: 80, random => SettleRulePropertyTests.World.Draw(random, window: RefundWindow(WindowKind.IncrementSlice)),
            window => new PositionalPagePlan(window, AllTypes, maxPasses: 10));

        Assert.True(lost > 0, "the weak rule lost nothing: the refund worlds do not exercise the settle rule");
    }

    [Theory]
    [InlineData(WindowKind.IncrementSlice)]
    [InlineData(WindowKind.BackfillDay)]
    public void A_refund_window_that_keeps_moving_refuses_to_settle_and_is_listed_again_as_refund_halves(WindowKind kind)
    {
        var list = ListWith(250);
        var window = RefundWindow(kind);
        var next = 10_000L;
        // Every call, a late change surfaces in a part already read: the recount never agrees.
        list.BetweenCalls = _ => list.Put(next++, SliceStart + Duration.FromSeconds(700 + next % 100));
        var plan = TidPagePlan.For(window, AllTypes, maxPasses: 3);

        list.Drive(plan);

        Assert.Equal(PagingOutcome.Unsettled, plan.Outcome);
        var halves = UnsettledSlicePolicy.Replan(window);
        Assert.Equal(2, halves.Count);
        Assert.All(halves, half => Assert.Equal((SyncStream.Refund, kind), (half.Stream, half.Kind)));
        Assert.All(halves, half => Assert.Equal(TidListMethod.RefundsByModified, TidPagePlan.For(half, AllTypes).Next!.Method));
    }

    [Fact]
    public void A_page_with_a_refund_listed_without_its_id_is_asked_again_and_a_window_that_keeps_sending_one_is_refused()
    {
        var list = ListWith(50);
        var plan = TidPagePlan.For(RefundWindow(WindowKind.IncrementSlice), AllTypes);

        for (var answer = 1; answer <= ListAnswerFault.MaxBadAnswers; answer++)
        {
            var page = list.Answer(plan.Next!);
            // The lister leaves the unnamed refund out of the page and says so.
            Assert.Empty(plan.Accept(page with { Trades = page.Trades.Skip(1).ToList(), Unnamed = 1 }));
            Assert.Equal(ListAnswerFaultKind.MissingId, plan.Fault?.Kind);
            Assert.Contains("refund_id", plan.Fault!.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(PagingOutcome.Refused, plan.Outcome);
        Assert.Null(plan.Next);
    }

    [Fact]
    public void One_page_with_an_unnamed_refund_then_a_whole_one_settles_with_every_refund()
    {
        var list = ListWith(150);
        var plan = TidPagePlan.For(RefundWindow(WindowKind.BackfillDay), AllTypes);
        var first = list.Answer(plan.Next!);

        plan.Accept(first with { Trades = first.Trades.Skip(1).ToList(), Unnamed = 1 });
        var listed = list.Drive(plan);

        Assert.Equal(PagingOutcome.Settled, plan.Outcome);
        Assert.Equal(150, listed.Select(r => r.Tid).Distinct().Count());
    }
}
