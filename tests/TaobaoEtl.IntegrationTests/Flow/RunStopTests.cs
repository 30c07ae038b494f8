using System.Globalization;
using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// A run that meets a condition it cannot work through (the daily quota, a revoked session) stops cleanly:
/// the pipeline's blocks all end (no hang), committed work is kept, the run row says why.
/// </summary>
public sealed class RunStopTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_daily_quota_stops_the_run_cleanly_keeping_what_was_committed()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var faults = FaultOptions.Clean();
        faults.DailyQuota = 400;
        await using var harness = await SyncHarness.StartAsync(database, seed: 5, faults, backfillDays: 4,
            sync => sync.BatchSize = 50);

        var summary = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.IsType<TopQuotaExhaustedException>(summary.Error);
        Assert.Equal(RunStatus.Stopped, summary.Status);
        Assert.Equal(ExitCode.TemporaryFailure, summary.ExitCode);
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM staging.sales_order") > 0);
        Assert.Equal("stopped", await database.ScalarAsync<string>($"SELECT status FROM etl.run WHERE run_id = {summary.RunId}"));
        Assert.Equal(75, await database.ScalarAsync<int>($"SELECT exit_code FROM etl.run WHERE run_id = {summary.RunId}"));
    }

    [Fact]
    public async Task A_revoked_session_stops_the_run_with_a_re_authorize_message_and_no_window_is_claimed_done_wrongly()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 6, FaultOptions.Clean(), backfillDays: 3);
        await harness.BackfillAsync();
        var expired = harness.Sim.Now.ToDateTimeOffset();
        await harness.Control.ChangeFaultsAsync(f => f.SessionExpiresAt = expired);

        await harness.AdvanceAsync(Duration.FromMinutes(5));
        var watermark = await new SyncStateStore(database.DataSource).ReadWatermarkAsync(harness.Shops[0].ShopId, Windows.SyncStream.Trade, CancellationToken.None);
        var summary = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        // Every shop's session expired: each one is stopped alone and named; the run exits 77.
        Assert.Null(summary.Error);
        Assert.Equal(ExitCode.NoPermission, summary.ExitCode);
        Assert.Equal(harness.Shops.Select(shop => shop.ShopId).Order(StringComparer.Ordinal), summary.ShopStops.Select(stop => stop.ShopId));
        Assert.All(summary.ShopStops, stop => Assert.Contains("re-authorize", stop.Message, StringComparison.Ordinal));
        Assert.Equal(watermark, await new SyncStateStore(database.DataSource).ReadWatermarkAsync(harness.Shops[0].ShopId, Windows.SyncStream.Trade, CancellationToken.None));
        Assert.Equal(0, await database.ScalarAsync<int>("SELECT count(*) FROM etl.window WHERE kind = 'increment_slice' AND status = 'done'"));
    }

    [Fact]
    public async Task A_sink_that_fails_faults_the_pipeline_without_a_hang_and_claims_no_window_done()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await database.ExecuteAsync(
            "CREATE FUNCTION public.refuse_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$");
        await database.ExecuteAsync(
            "CREATE TRIGGER refuse BEFORE INSERT ON staging.sales_order FOR EACH ROW EXECUTE FUNCTION public.refuse_rows()");
        await using var harness = await SyncHarness.StartAsync(database, seed: 8, FaultOptions.Clean(), backfillDays: 3);

        var summary = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.IsType<Npgsql.PostgresException>(summary.Error);
        Assert.Equal(RunStatus.Failed, summary.Status);
        // The trigger refuses trades only: a refund day whose refunds (or none) committed before the fault may be done.
        Assert.Equal(0, await database.ScalarAsync<int>("SELECT count(*) FROM etl.window WHERE status = 'done' AND stream = 'trade'"));
        Assert.Equal("failed", await database.ScalarAsync<string>($"SELECT status FROM etl.run WHERE run_id = {summary.RunId}"));
    }

    [Fact]
    public async Task Refetch_upserts_the_trades_it_gets_and_records_a_refused_tid_as_a_dead_letter()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 7, FaultOptions.Clean(), backfillDays: 1);
        await harness.BackfillAsync();
        var shop = harness.Shops[0];
        var known = await database.ScalarAsync<long>($"SELECT tid FROM staging.sales_order WHERE shop_id = '{shop.ShopId}' ORDER BY tid LIMIT 1");
        await database.ExecuteAsync($"DELETE FROM staging.sales_order WHERE shop_id = '{shop.ShopId}' AND tid = {known}");
        const long unknown = 1234567890123;

        var refetch = harness.Refetch();
        var summary = await refetch.RefetchAsync(shop, [known, unknown], CancellationToken.None);

        Assert.Null(summary.Error);
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT count(*) FROM staging.sales_order WHERE shop_id = '{shop.ShopId}' AND tid = {known}"));
        Assert.Equal([unknown], await new DeadLetterBook(database.DataSource).OpenTidsAsync(shop.ShopId, CancellationToken.None));
        Assert.Equal(1, summary.DeadLetters);
    }
}
