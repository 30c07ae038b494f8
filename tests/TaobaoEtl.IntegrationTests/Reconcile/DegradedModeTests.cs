using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using TaobaoEtl.IntegrationTests.Flow;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Reconcile;
using TaobaoEtl.State;
using TaobaoEtl.Streams;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.IntegrationTests.Reconcile;

/// <summary>
/// Degraded mode against TopSim failing 25% of its calls: three increments in a row over 5% put the shop in degraded mode;
/// its increments stop; an hourly full reconcile of its recent hours keeps staging current (a trade lost meanwhile comes
/// back); the first check under the line brings it back to normal, and verify is clean at the end.
/// </summary>
public sealed class DegradedModeTests
{
    [Fact]
    public async Task Increments_failing_over_five_percent_fall_back_to_an_hourly_full_reconcile_until_the_ratio_recovers()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 11, 0, 0));
        await using var harness = await SyncHarness.StartAsync(database, seed: 167, FaultOptions.Clean(), backfillDays: 2, runClock: clock, shopCount: 1);
        await harness.BackfillAsync();
        var shop = harness.Shops[0].ShopId;
        var degraded = new DegradedIncrement(harness.Run, harness.Reconcile(), database.DataSource, harness.Sync, clock, NullLogger.Instance);
        Task<DegradedIncrementOutcome> IncrementAsync() => degraded.RunAsync(harness.Shops, StreamSpec.All, null, CancellationToken.None);
        Task<string> ModeAsync() => database.ScalarAsync<string>($"SELECT sync_mode FROM etl.shop WHERE shop_id = '{shop}'");

        var failing = FaultOptions.Clean();
        failing.IspErrorRate = 0.25;
        await harness.Control.SetFaultsAsync(failing);
        for (var run = 1; run <= DegradedModePolicy.Default.RunsToDegrade; run++)
        {
            Assert.Equal("normal", await ModeAsync());
            await harness.AdvanceAsync(Duration.FromMinutes(20));
            var outcome = await IncrementAsync();
            Assert.NotNull(outcome.Increment);
            Assert.True(DegradedModePolicy.FailureRatio(outcome.Increment.ApiCalls) > DegradedModePolicy.Default.Threshold, string.Join(", ", outcome.Increment.ApiCalls));
        }

        Assert.Equal("degraded", await ModeAsync());

        // While degraded, two trades changed recently are lost from staging: the hourly check, not an increment, brings them back.
        await harness.AdvanceAsync(Duration.FromMinutes(5));
        var lost = await database.ListAsync<long>($"""
            SELECT tid FROM staging.sales_order WHERE shop_id = '{shop}'
              AND modified >= (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'trade') - interval '3 hours'
            ORDER BY tid LIMIT 2
            """);
        Assert.Equal(2, lost.Count);
        await database.ExecuteAsync($"DELETE FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = ANY(ARRAY[{string.Join(',', lost)}]::bigint[])");
        var slicesBefore = await database.ScalarAsync<long>($"SELECT count(*) FROM etl.window WHERE shop_id = '{shop}' AND kind = 'increment_slice'");

        var checkedRun = await IncrementAsync();

        Assert.Null(checkedRun.Increment);
        var check = Assert.Single(checkedRun.Degraded);
        Assert.NotNull(check.Check);
        Assert.Equal(ExitCode.TemporaryFailure, checkedRun.ExitCode);
        Assert.Equal(2, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = ANY(ARRAY[{string.Join(',', lost)}]::bigint[])"));
        Assert.Equal(slicesBefore, await database.ScalarAsync<long>($"SELECT count(*) FROM etl.window WHERE shop_id = '{shop}' AND kind = 'increment_slice'"));

        // Within the hour: nothing at all is asked of the failing platform for the shop.
        var callsBefore = harness.Counters.Snapshot().Calls.Values.Sum();
        var waiting = await IncrementAsync();
        Assert.Null(Assert.Single(waiting.Degraded).Check);
        Assert.Equal(ExitCode.TemporaryFailure, waiting.ExitCode);
        Assert.Equal(callsBefore, harness.Counters.Snapshot().Calls.Values.Sum());

        // The platform recovers; an hour later the check passes under the line and the shop is back to normal.
        await harness.Control.SetFaultsAsync(FaultOptions.Clean());
        clock.Advance(Duration.FromMinutes(61));
        // A check that could not run (another reconcile holds the shop's lock) is no evidence of recovery, and its hour is not spent.
        await using (var locks = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None))
        {
            Assert.True(await locks.TryAcquireReconcileAsync(shop, CancellationToken.None));
            var blocked = await IncrementAsync();
            Assert.NotEmpty(Assert.Single(blocked.Degraded).Check!.ShopStops);
            Assert.Equal("degraded", await ModeAsync());
        }

        var recovered = await IncrementAsync();
        Assert.Equal(ExitCode.Ok, recovered.ExitCode);
        Assert.Equal("normal", await ModeAsync());

        await harness.QuiesceAsync();
        var resumed = await IncrementAsync();
        Assert.NotNull(resumed.Increment);
        Assert.Equal(ExitCode.Ok, resumed.ExitCode);
        var report = await harness.VerifyAsync();
        Assert.True(report.IsClean, SyncHarness.Describe(report));
    }
}
