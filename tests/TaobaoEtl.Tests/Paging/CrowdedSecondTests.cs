using NodaTime;
using TaobaoEtl.Paging;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

/// <summary>
/// A second holding more than a page (a seller ships 150 orders at once at the peak), ties in a fresh order on every
/// call, and a trade of that second leaving between the cut and the second's first count (it changed again). A rule
/// that counts every pair ever listed in the second settles with the departed pair standing in for one never listed;
/// the plan settles only on the pairs of one steady pass. Both readings of <c>end_modified</c> (inclusive or not).
/// </summary>
public sealed class CrowdedSecondTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_departure_from_a_crowded_second_never_stands_in_for_a_tied_trade_never_listed(bool inclusiveEnd)
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var list = new FakeTradeList(new Random(random.Next()), inclusiveEnd);
            var slice = Slice();
            var crowded = slice.End - Duration.FromSeconds(1);
            for (var tid = 1; tid <= 150; tid++) list.Put(tid, crowded);
            for (var tid = 151; tid <= 151 + random.Next(0, 120); tid++) list.Put(tid, slice.Start + Duration.FromSeconds(random.Next(0, 1700)));
            var departed = (long)random.Next(1, 151);
            // After the cut page (call 1): one tied trade changes again, past the slice's end.
            list.BetweenCalls = calls =>
            {
                if (calls == 1) list.Put(departed, slice.End + Duration.FromMinutes(5));
            };
            var plan = new IncrementPagePlan(slice, AllTypes, maxPasses: 8);

            var listed = list.Drive(plan).ToHashSet();

            if (plan.Outcome != PagingOutcome.Settled) continue; // owed, never accepted: safe
            var missing = list.PairsIn(slice.Range).Where(pair => !listed.Contains(pair)).ToList();
            Assert.True(missing.Count == 0, $"seed {seed}: settled without tid {string.Join(", ", missing.Select(p => p.Tid))}");
        }
    }
}
