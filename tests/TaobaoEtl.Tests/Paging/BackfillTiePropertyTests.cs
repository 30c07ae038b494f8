using NodaTime;
using TaobaoEtl.Paging;
using Xunit.Abstractions;
using static TaobaoEtl.Tests.Paging.PagingFixtures;

namespace TaobaoEtl.Tests.Paging;

/// <summary>
/// The backfill rule's property against the platform's <c>sold.get</c> as the test models it: ordered by <c>created</c>
/// descending, trades of one second (many, at a peak; sometimes a page or more of them) in a fresh order on every call;
/// between calls trades change (a new <c>modified</c>, the same <c>created</c>) and late-indexed creations surface
/// anywhere in the day. A settled day must have listed every trade there from the start, and every trade that surfaced
/// in a part of the day it had not read yet. (What surfaces in a part already read leaves no trace in any later answer;
/// it was created at most the index lag before it surfaced, so the increments' look-back lists it.)
/// </summary>
public sealed class BackfillTiePropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(2026)]
    public void A_settled_day_misses_no_trade_under_shuffled_ties_changes_and_late_creations(int seed) =>
        World.AssertSettledOwingNothing(
            seed, rounds: 60, random => World.Draw(random), day => new BackfillPagePlan(day, AllTypes, maxRounds: 10),
            (plan, created) => plan.IsUnread(created));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_positional_backfill_that_the_test_only_switch_restores_loses_trades_in_the_same_worlds(int seed)
    {
        // The control: the model catches a plan that pages the day by position.
        var lost = World.LostWhereSettled(
            seed, rounds: 60, random => World.Draw(random), day => TidPagePlan.For(day, AllTypes, backfillByPosition: true));

        Assert.True(lost > 0, "the positional plan lost nothing: the model does not exercise ties at page edges");
    }

    [Fact]
    public void List_calls_per_backfill_day_before_and_after_the_cut()
    {
        // Report (the cut re-lists the trades of each edge second and recounts the day: it costs a little more).
        foreach (var churn in new[] { false, true })
        {
            var rounds = World.CallsBeforeAndAfter(
                random => World.Draw(random, churn), day => TidPagePlan.For(day, AllTypes, backfillByPosition: true), day => TidPagePlan.For(day, AllTypes));
            var plain = rounds.Where(round => !round.World.HasCrowdedSecond).ToList();
            double days = rounds.Count, plainDays = plain.Count;
            int before = rounds.Sum(round => round.Before), after = rounds.Sum(round => round.After);
            var trades = rounds.Sum(round => round.World.InitialTrades);
            var pages = rounds.Sum(round => Math.Max(1, (round.World.InitialTrades + 99) / 100));

            output.WriteLine($"{(churn ? "churn" : "quiet")}: {days} days, {trades / days:0.0} trades each, minimum {pages / days:0.00} pages; " +
                             $"list calls per day: by position (before) {before / days:0.00}, cut by created (after) {after / days:0.00}; " +
                             $"the {plainDays} days without a crowded second: before {plain.Sum(round => round.Before) / plainDays:0.00}, " +
                             $"after {plain.Sum(round => round.After) / plainDays:0.00}");
            // On a quiet day the cut costs the edge seconds' re-listing, a recount and a crowded second's passes:
            // never twice the pages. (Churn costs more: a recount that finds a late creation reads the day again.)
            if (!churn) Assert.True(after < 2 * before, $"quiet: cut {after} calls vs positional {before}");
        }
    }

    /// <summary>One random day of 1–15 pages, dense in same-second creations, and the churn that hits it for its first calls.</summary>
    private sealed class World : ChurningWindow<long>
    {
        private readonly double _insert;
        private long _nextTid = 1_000_000;

        private World(Random random, bool churn)
            : base(random, churn, PagingFixtures.Day(), maxTrades: 1500)
        {
            // A peak: few seconds for many trades, so ties sit on page edges; a fifth of the days also has one
            // second with a page or more of its own.
            var peakStart = random.Next(0, 86_400 - 1800);
            var seconds = random.Next(Math.Max(1, InitialTrades / 8), Math.Max(2, InitialTrades / 2));
            var crowded = random.Next(5) == 0 ? random.Next(100, 260) : 0;
            HasCrowdedSecond = crowded > 0;
            var crowdedSecond = Window.Start + Duration.FromSeconds(peakStart + random.Next(0, seconds));
            for (var tid = 1; tid <= InitialTrades; tid++)
            {
                var created = tid <= crowded ? crowdedSecond : Window.Start + Duration.FromSeconds(peakStart + random.Next(0, seconds));
                List.Create(tid, created, modified: created + Duration.FromMinutes(random.Next(0, 3000)));
            }

            ChurnCalls = random.Next(0, 20);
            _insert = random.NextDouble();
            PeakStart = Window.Start + Duration.FromSeconds(peakStart);
            PeakSeconds = seconds;
        }

        public bool HasCrowdedSecond { get; }
        private Instant PeakStart { get; }
        private int PeakSeconds { get; }

        public static World Draw(Random random, bool churn = true) => new(random, churn);

        // A complete backfill listing holds every tid created in the day.
        protected override IReadOnlyList<long> Truth() => List.TidsCreatedIn(Window.Range);

        protected override long Listed(ListedTrade trade) => trade.Tid;

        // Between two calls: some trades change (created stays, so they stay in the day) and some late-indexed creations
        // surface in the peak. Returns the creations that surfaced.
        protected override IEnumerable<(long Item, Instant Key)> Churn()
        {
            var surfaced = new List<(long, Instant)>();
            var current = List.TidsCreatedIn(Window.Range);
            var changes = Random.Next(0, 4);
            for (var i = 0; i < changes; i++)
            {
                if (Random.NextDouble() < _insert)
                {
                    var created = PeakStart + Duration.FromSeconds(Random.Next(0, PeakSeconds));
                    var tid = _nextTid++;
                    List.Create(tid, created);
                    surfaced.Add((tid, created));
                }
                else if (current.Count > 0)
                {
                    var tid = current[Random.Next(current.Count)];
                    List.Put(tid, List.ModifiedOf(tid) + Duration.FromSeconds(Random.Next(1, 5000)));
                }
            }

            return surfaced;
        }
    }
}
