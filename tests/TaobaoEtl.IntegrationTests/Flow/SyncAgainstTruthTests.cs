using TaobaoEtl.Streams;
using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;

using Xunit.Abstractions;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// The acceptance of the pipeline: after a backfill and increments while the simulated clock moves, staging
/// equals TopSim's truth for every trade in scope (real PostgreSQL, TopSim over real HTTP).
/// </summary>
public sealed class SyncAgainstTruthTests(ITestOutputHelper output)
{
    private const int BackfillDays = 4;

    [Fact]
    public async Task Backfill_and_increments_on_a_clean_platform_leave_staging_equal_to_the_truth()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 11, FaultOptions.Clean(), BackfillDays);

        var backfill = await harness.BackfillAsync();
        // A day of each stream per shop: trades by created, refunds by modified.
        Assert.Equal(BackfillDays * harness.Shops.Count * StreamSpec.All.Count, backfill.WindowsDone);
        // Every stage did work in a backfill, so each has busy time (the bench's time shares come from these).
        Assert.Equal(Enum.GetValues<TaobaoEtl.Flow.FlowStage>(), backfill.StageBusy.Select(b => b.Stage));
        Assert.All(backfill.StageBusy, b => Assert.True(b.Busy > TimeSpan.Zero, $"stage {b.Name} has no busy time"));
        for (var i = 0; i < 4; i++)
        {
            await harness.AdvanceAsync(Duration.FromMinutes(7));
            var increment = await harness.IncrementAsync();
            Assert.Equal(increment.WindowsPlanned, increment.WindowsDone);
        }

        // The clock is frozen at the last pass's end: every change up to it is owed, none pending.
        var report = await harness.VerifyAsync(lookBack: Duration.Zero);
        output.WriteLine(SyncHarness.Describe(report));
        Assert.True(report.IsClean, SyncHarness.Describe(report));
        Assert.True(report.TradesTruth > 300, SyncHarness.Describe(report));
        Assert.Equal(0, report.Pending);
    }

    [Fact]
    public async Task With_index_lag_mid_paging_changes_and_same_second_changes_nothing_is_missed_or_stale()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var faults = FaultOptions.Hostile();
        // Bans and the daily quota are tested elsewhere; here they would only make the test slow.
        faults.CallsPerSecond = 0;
        faults.DailyQuota = 0;
        faults.SlowResponseDelay = TimeSpan.FromMilliseconds(200);
        faults.SameSecondChangeRate = 0.2;
        // The clock runs (a simulated minute per real second) so trades change while slices are paged.
        await using var harness = await SyncHarness.StartAsync(database, seed: 23, faults, BackfillDays, clockSpeed: 60);

        await harness.BackfillAsync();
        for (var i = 0; i < 5; i++)
        {
            await harness.AdvanceAsync(Duration.FromMinutes(6));
            await harness.IncrementAsync();
        }

        // Changes within the look-back before the watermark may not be indexed yet (pending); the rest must be exact.
        var report = await harness.VerifyAsync();
        output.WriteLine(SyncHarness.Describe(report));
        Assert.True(report.IsClean, SyncHarness.Describe(report));
        Assert.True(report.TradesTruth > 300, SyncHarness.Describe(report));
    }

    [Fact]
    public async Task Without_the_look_back_the_same_lagging_platform_leaves_trades_missed_or_stale_so_the_comparison_can_fail()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var faults = FaultOptions.Clean();
        faults.IndexLagRate = 0.6;
        await using var harness = await SyncHarness.StartAsync(database, seed: 23, faults, BackfillDays,
            sync => sync.LookBack = TimeSpan.Zero);

        await harness.BackfillAsync();
        for (var i = 0; i < 5; i++)
        {
            await harness.AdvanceAsync(Duration.FromMinutes(6));
            await harness.IncrementAsync();
        }

        // Held to the same rule as the hostile run: only changes within the (normal) look-back are pending.
        var report = await harness.VerifyAsync(Duration.FromTimeSpan(new TaobaoEtl.Configuration.SyncOptions().LookBack));
        output.WriteLine(SyncHarness.Describe(report));
        Assert.True(report.Missing + report.Stale > 0, SyncHarness.Describe(report));
    }
}
