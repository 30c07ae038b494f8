using NodaTime;
using TaobaoEtl.Flow;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.Windows;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// A condition of one shop (its session refused, its watermark behind the horizon) stops that shop only:
/// the other shops finish, the run exits with the shop's code and names it, and the stopped shop resumes
/// from its watermark with no gap once the condition is gone.
/// </summary>
public sealed class ShopStopTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task One_shops_refused_session_stops_that_shop_only_marks_it_and_it_resumes_with_no_gap_after_a_new_session()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 15, FaultOptions.Clean(), backfillDays: 2);
        await harness.BackfillAsync();
        var good = harness.Shops[0];
        var revoked = harness.Shops[1] with { Session = new TopSession("revoked-" + harness.Shops[1].ShopId) };
        var store = new SyncStateStore(database.DataSource);
        var revokedWatermark = await store.ReadWatermarkAsync(revoked.ShopId, SyncStream.Trade, CancellationToken.None);
        await harness.AdvanceAsync(Duration.FromMinutes(20));

        var summary = await harness.Run.IncrementAsync([good, revoked], CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(summary.Error);
        Assert.Equal(ExitCode.NoPermission, summary.ExitCode);
        var stop = Assert.Single(summary.ShopStops);
        Assert.Equal(revoked.ShopId, stop.ShopId);
        Assert.Equal(ShopStopReason.Reauthorize, stop.Reason);
        Assert.Contains(revoked.ShopId, await database.ScalarAsync<string>($"SELECT message FROM etl.run WHERE run_id = {summary.RunId}"), StringComparison.Ordinal);
        Assert.Equal(0, await database.ScalarAsync<int>(
            $"SELECT count(*) FROM etl.window WHERE shop_id = '{good.ShopId}' AND kind = 'increment_slice' AND run_id = {summary.RunId} AND status <> 'done'"));
        Assert.True(await database.ScalarAsync<bool>($"SELECT reauthorize_required AND reauthorize_since IS NOT NULL FROM etl.shop WHERE shop_id = '{revoked.ShopId}'"));
        Assert.False(await database.ScalarAsync<bool>($"SELECT reauthorize_required FROM etl.shop WHERE shop_id = '{good.ShopId}'"));
        Assert.Equal(revokedWatermark, await store.ReadWatermarkAsync(revoked.ShopId, SyncStream.Trade, CancellationToken.None));

        // A new session (the simulator's own): the shop resumes from its watermark, the mark is cleared.
        await harness.AdvanceAsync(Duration.FromMinutes(5));
        var resumed = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Equal(ExitCode.Ok, resumed.ExitCode);
        Assert.Empty(resumed.ShopStops);
        Assert.False(await database.ScalarAsync<bool>($"SELECT reauthorize_required OR reauthorize_since IS NOT NULL FROM etl.shop WHERE shop_id = '{revoked.ShopId}'"));
        var report = await harness.VerifyAsync(lookBack: Duration.Zero);
        Assert.True(report.Missing == 0 && report.Stale == 0, SyncHarness.Describe(report));
    }

    [Fact]
    public async Task A_session_refused_during_the_owed_retry_stops_that_shop_only_and_the_other_shops_owed_trades_are_retried()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 18, FaultOptions.Clean(), backfillDays: 1);
        await harness.BackfillAsync();
        // One owed trade in each shop, due now: taken out of staging, as if its detail call had been refused.
        var expired = harness.Shops[0];
        var good = harness.Shops[1];
        var owedTids = new Dictionary<string, long>();
        foreach (var shop in new[] { expired, good })
        {
            var tid = await database.ScalarAsync<long>($"SELECT min(tid) FROM staging.sales_order WHERE shop_id = '{shop.ShopId}'");
            owedTids[shop.ShopId] = tid;
            await database.ExecuteAsync($"""
                DELETE FROM staging.sales_order_line WHERE shop_id = '{shop.ShopId}' AND tid = {tid};
                DELETE FROM staging.sales_order WHERE shop_id = '{shop.ShopId}' AND tid = {tid};
                DELETE FROM raw.trade WHERE shop_id = '{shop.ShopId}' AND tid = {tid};
                INSERT INTO etl.owed_trade (shop_id, tid, cause, last_error, first_owed_at, last_attempt_at, next_attempt_at)
                VALUES ('{shop.ShopId}', {tid}, 'dead_letter', 'code 15 (test)', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour');
                """);
        }

        // The first shop's session expires on TopSim's clock (the platform answers its calls with code 27); the others' do not.
        var at = harness.Sim.Now.ToDateTimeOffset();
        var expiredShop = long.Parse(expired.ShopId, System.Globalization.CultureInfo.InvariantCulture);
        await harness.Control.ChangeFaultsAsync(f => f.ShopSessionExpiresAt = new Dictionary<long, DateTimeOffset> { [expiredShop] = at });

        await harness.AdvanceAsync(Duration.FromMinutes(1));
        // A backfill whose days are done plans no window: only the owed retry calls the platform.
        var summary = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(summary.Error);
        Assert.Equal(0, summary.WindowsPlanned);
        Assert.Equal(ExitCode.NoPermission, summary.ExitCode);
        var stop = Assert.Single(summary.ShopStops);
        Assert.Equal((expired.ShopId, ShopStopReason.Reauthorize), (stop.ShopId, stop.Reason));
        Assert.Contains(expired.ShopId, await database.ScalarAsync<string>($"SELECT message FROM etl.run WHERE run_id = {summary.RunId}"), StringComparison.Ordinal);
        Assert.Equal(77, await database.ScalarAsync<int>($"SELECT exit_code FROM etl.run WHERE run_id = {summary.RunId}"));
        Assert.True(await database.ScalarAsync<bool>($"SELECT reauthorize_required AND reauthorize_since IS NOT NULL FROM etl.shop WHERE shop_id = '{expired.ShopId}'"));
        Assert.False(await database.ScalarAsync<bool>($"SELECT reauthorize_required FROM etl.shop WHERE shop_id = '{good.ShopId}'"));
        // The other shop's owed trade was retried and stored; the stopped shop's stays owed for its next session.
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT count(*) FROM staging.sales_order WHERE shop_id = '{good.ShopId}' AND tid = {owedTids[good.ShopId]}"));
        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT count(*) FROM etl.owed_trade WHERE shop_id = '{good.ShopId}' AND resolved_at IS NULL"));
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT count(*) FROM etl.owed_trade WHERE shop_id = '{expired.ShopId}' AND resolved_at IS NULL"));
        Assert.Equal(1, summary.Owed.Open);
    }

    [Fact]
    public async Task A_watermark_behind_the_platforms_horizon_stops_that_shops_increment_with_exit_66_and_the_others_go_on()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 16, FaultOptions.Clean(), backfillDays: 1);
        await harness.BackfillAsync();
        var behind = harness.Shops[1];
        var horizon = PlatformHorizon.Of(harness.Sim.Now);
        await database.ExecuteAsync(
            $"UPDATE etl.sync_state SET watermark = '{(horizon - Duration.FromHours(1)).ToDateTimeOffset():O}' WHERE shop_id = '{behind.ShopId}'");
        await harness.AdvanceAsync(Duration.FromMinutes(20));

        var summary = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(summary.Error);
        Assert.Equal(ExitCode.BehindHorizon, summary.ExitCode);
        // Both of its streams' watermarks were moved behind: each stream's increment stops, and says which.
        Assert.Equal(["refunds", "trades"], summary.ShopStops.Select(s => s.Message.Contains("the trades watermark", StringComparison.Ordinal) ? "trades" : "refunds").Order());
        Assert.All(summary.ShopStops, stop =>
        {
            Assert.Equal(behind.ShopId, stop.ShopId);
            Assert.Equal(ShopStopReason.BehindHorizon, stop.Reason);
            Assert.Contains("behind the platform's horizon", stop.Message, StringComparison.Ordinal);
            Assert.Contains("run a backfill", stop.Message, StringComparison.Ordinal);
        });
        Assert.Equal(0, await database.ScalarAsync<int>(
            $"SELECT count(*) FROM etl.window WHERE shop_id = '{harness.Shops[0].ShopId}' AND kind = 'increment_slice' AND run_id = {summary.RunId} AND status <> 'done'"));
        Assert.True(await database.ScalarAsync<int>(
            $"SELECT count(*) FROM etl.window WHERE shop_id = '{harness.Shops[0].ShopId}' AND kind = 'increment_slice' AND run_id = {summary.RunId}") > 0);

        // The backfill it asks for moves the watermark to the horizon; the increment then goes on from there.
        await harness.BackfillAsync();
        Assert.Equal(horizon, await new SyncStateStore(database.DataSource).ReadWatermarkAsync(behind.ShopId, SyncStream.Trade, CancellationToken.None));
    }

    [Fact]
    public async Task An_increment_while_another_increment_holds_the_shop_exits_75_naming_it_but_a_backfill_runs_beside_it()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 17, FaultOptions.Clean(), backfillDays: 1);
        await harness.BackfillAsync();
        var held = harness.Shops[0];
        await using var other = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        Assert.True(await other.TryAcquireAsync(held.ShopId, SyncStream.Trade, WindowKind.IncrementSlice, CancellationToken.None));

        var increment = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);
        var backfill = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Equal(ExitCode.TemporaryFailure, increment.ExitCode);
        var stop = Assert.Single(increment.ShopStops);
        Assert.Equal((held.ShopId, ShopStopReason.Locked), (stop.ShopId, stop.Reason));
        Assert.Contains(held.ShopId, stop.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCode.Ok, backfill.ExitCode);
        Assert.Empty(backfill.ShopStops);
    }
}
