using NodaTime;
using TaobaoEtl.Paging;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Paging;

/// <summary>
/// A random window of the paging property tests (a backfill day, an increment slice) on a <see cref="FakeTradeList"/>,
/// and the churn that hits it between a plan's first calls. The two properties (the backfill cut, the settle rule) drive
/// their plans the same way and differ only in what a complete listing holds (<typeparamref name="TItem"/>: a tid, or a
/// (tid, modified) pair) and in how the platform churns; so the driving and the rounds over seeded worlds live here
/// once, and a property cannot drift from its control.
/// </summary>
internal abstract class ChurningWindow<TItem>
    where TItem : notnull
{
    private readonly bool _churn;

    protected ChurningWindow(Random random, bool churn, TradeWindow window, int maxTrades)
    {
        Random = random;
        _churn = churn;
        Window = window;
        // Half the worlds answer with the end second counted in (the platform does not say which it does).
        List = new FakeTradeList(new Random(random.Next()), inclusiveEnd: random.Next(2) == 0);
        InitialTrades = random.Next(1, maxTrades + 1);
    }

    public TradeWindow Window { get; }
    public FakeTradeList List { get; }
    public int InitialTrades { get; }

    /// <summary>The world's own draws, after its construction: the churn's.</summary>
    protected Random Random { get; }

    /// <summary>How many calls the churn hits (each world draws it once its trades are in, so the seeds keep their worlds).</summary>
    protected int ChurnCalls { get; init; }

    /// <summary>What a complete listing of <see cref="Window"/> must hold now.</summary>
    protected abstract IReadOnlyList<TItem> Truth();

    /// <summary>What a listed trade counts as in <see cref="Truth"/>.</summary>
    protected abstract TItem Listed(ListedTrade trade);

    /// <summary>Changes the list between two calls; returns what surfaced, each with the instant the plan is keyed on.</summary>
    protected abstract IEnumerable<(TItem Item, Instant Key)> Churn();

    /// <summary>
    /// Drives the plan; returns what the window holds at the end that the plan should have listed and did not: there from
    /// the first call, or surfaced where <paramref name="unread"/> (given the instant the plan is keyed on) says the plan
    /// had yet to read.
    /// </summary>
    public List<TItem> Drive(ITidPagePlan plan, Func<Instant, bool> unread)
    {
        var atStart = Truth().ToHashSet();
        var surfacedUnread = new HashSet<TItem>();
        var listed = new HashSet<TItem>();
        var calls = 0;
        while (plan.Next is { } request)
        {
            if (calls++ > 5_000) throw new InvalidOperationException("The plan does not end.");
            listed.UnionWith(plan.Accept(List.Answer(request)).Select(Listed));
            if (!_churn || calls > ChurnCalls || plan.Next is null) continue;
            foreach (var (item, key) in Churn())
            {
                if (unread(key)) surfacedUnread.Add(item);
            }
        }

        return Truth().Where(item => (atStart.Contains(item) || surfacedUnread.Contains(item)) && !listed.Contains(item)).ToList();
    }

    /// <summary>
    /// The property over <paramref name="rounds"/> worlds drawn one after another from <paramref name="seed"/>: the plan
    /// settles in every one and owes nothing there.
    /// </summary>
    public static void AssertSettledOwingNothing<TPlan>(
        int seed, int rounds, Func<Random, ChurningWindow<TItem>> draw, Func<TradeWindow, TPlan> planFor, Func<TPlan, Instant, bool> unread)
        where TPlan : ITidPagePlan
    {
        var random = new Random(seed);
        for (var round = 0; round < rounds; round++)
        {
            var world = draw(random);
            var plan = planFor(world.Window);

            var owed = world.Drive(plan, key => unread(plan, key));

            Assert.True(plan.Outcome == PagingOutcome.Settled, $"seed {seed} round {round}: {plan.Outcome} ({plan.Fault}) after {plan.Calls} calls");
            Assert.True(owed.Count == 0, $"seed {seed} round {round}: {owed.Count} never listed, e.g. {owed.FirstOrDefault()}");
        }
    }

    /// <summary>
    /// A control's count over the same rounds: what the plan owes in the worlds where it settled, judged as kindly as
    /// possible (nothing is ever unread, so only what was there from the first call counts).
    /// </summary>
    public static int LostWhereSettled(int seed, int rounds, Func<Random, ChurningWindow<TItem>> draw, Func<TradeWindow, ITidPagePlan> planFor)
    {
        var random = new Random(seed);
        var lost = 0;
        for (var round = 0; round < rounds; round++)
        {
            var world = draw(random);
            var plan = planFor(world.Window);

            var owed = world.Drive(plan, _ => false);

            if (plan.Outcome == PagingOutcome.Settled) lost += owed.Count;
        }

        return lost;
    }

    /// <summary>
    /// A report's rounds: 200 seeds drawn from one, each drawn into two copies of one world, the first paged by the plan
    /// before a change and the second by the plan after it. Returns each round's second copy and both plans' list calls.
    /// </summary>
    public static List<(TWorld World, int Before, int After)> CallsBeforeAndAfter<TWorld>(
        Func<Random, TWorld> draw, Func<TradeWindow, ITidPagePlan> before, Func<TradeWindow, ITidPagePlan> after)
        where TWorld : ChurningWindow<TItem>
    {
        var random = new Random(7);
        var rounds = new List<(TWorld, int, int)>();
        for (var round = 0; round < 200; round++)
        {
            var seed = random.Next();
            var first = draw(new Random(seed));
            var second = draw(new Random(seed));
            var beforePlan = before(first.Window);
            var afterPlan = after(second.Window);
            first.Drive(beforePlan, _ => false);
            second.Drive(afterPlan, _ => false);
            rounds.Add((second, beforePlan.Calls, afterPlan.Calls));
        }

        return rounds;
    }
}
