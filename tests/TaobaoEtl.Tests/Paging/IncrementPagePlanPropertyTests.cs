using NodaTime;
using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

public sealed class IncrementPagePlanPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(2026)]
    public void No_trade_that_stays_in_the_slice_is_missed_however_many_others_leave_while_it_is_paged(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var list = ListWith(random.Next(0, 800));
            var slice = Slice();
            var before = list.TidsIn(slice.Range);
            var leaveChance = random.NextDouble();
            list.BetweenCalls = _ =>
            {
                // Any trade, not only the newest, may change; its new modified is after the slice.
                var current = list.TidsIn(slice.Range);
                if (current.Count > 0 && random.NextDouble() < leaveChance)
                    list.Put(current[random.Next(current.Count)], slice.End + Duration.FromSeconds(random.Next(1, 100)));
            };

            var listed = list.Drive(new IncrementPagePlan(slice, AllTypes)).Select(t => t.Tid).ToHashSet();

            // A trade that left before its page was read is not this slice's to list: its new modified
            // puts it in a later slice. Every trade that stayed must have been listed.
            var stayed = before.Intersect(list.TidsIn(slice.Range)).ToList();
            Assert.DoesNotContain(stayed, tid => !listed.Contains(tid));
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(404)]
    public void A_settled_slice_listed_every_trade_it_held_at_its_last_answer_even_when_trades_arrived_while_it_was_paged(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var list = ListWith(random.Next(101, 700));
            var slice = Slice();
            var nextTid = 100_000L;
            var arrivalsUntilCall = random.Next(1, 15);
            IReadOnlyList<long> truthAtLastAnswer = [];
            list.BetweenCalls = calls =>
            {
                truthAtLastAnswer = list.TidsIn(slice.Range);
                // Trades the lagging index shows late, anywhere in the slice, for the first calls only.
                if (calls <= arrivalsUntilCall && random.NextDouble() < 0.5)
                    list.Put(nextTid++, slice.Start + Duration.FromSeconds(random.Next(0, 1800)));
            };
            var plan = new IncrementPagePlan(slice, AllTypes, maxPasses: 20);

            var listed = list.Drive(plan).Select(t => t.Tid).ToHashSet();

            Assert.Equal(PagingOutcome.Settled, plan.Outcome);
            Assert.DoesNotContain(truthAtLastAnswer, tid => !listed.Contains(tid));
        }
    }
}
