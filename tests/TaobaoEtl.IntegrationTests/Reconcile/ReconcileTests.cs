using NodaTime;
using NodaTime.Text;
using TaobaoEtl.IntegrationTests.Flow;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Reconcile;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.IntegrationTests.Reconcile;

/// <summary>
/// Reconcile against the platform itself (TopSim over HTTP, real PostgreSQL): after a clean sync, staging is damaged the
/// ways an operator or a bug damages it (trades deleted, lines deleted, modified set back, raw rows deleted); reconcile
/// must find exactly those, repair them through the detail path, and leave verify clean.
/// </summary>
public sealed class ReconcileTests
{
    private const int Days = 3;

    [Fact]
    public async Task A_full_reconcile_finds_exactly_the_damage_repairs_it_and_a_second_one_finds_nothing_for_the_listing_calls_alone()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 161);
        var shop = harness.Shops[0].ShopId;
        var picked = await PickAsync(database, shop, 18);
        var (deleted, stale, lines, raw) = (picked[..5], picked[5..10], picked[10..14], picked[14..18]);
        await database.ExecuteAsync($"""
            DELETE FROM staging.sales_order_line WHERE shop_id = '{shop}' AND tid = ANY({Array(deleted)});
            DELETE FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = ANY({Array(deleted)});
            DELETE FROM raw.trade WHERE shop_id = '{shop}' AND tid = ANY({Array(deleted)});
            UPDATE staging.sales_order SET modified = modified - interval '1 hour' WHERE shop_id = '{shop}' AND tid = ANY({Array(stale)});
            DELETE FROM staging.sales_order_line l USING (SELECT DISTINCT ON (tid) tid, oid FROM staging.sales_order_line
                WHERE shop_id = '{shop}' AND tid = ANY({Array(lines)}) ORDER BY tid, oid) d WHERE l.shop_id = '{shop}' AND l.tid = d.tid AND l.oid = d.oid;
            DELETE FROM raw.trade WHERE shop_id = '{shop}' AND tid = ANY({Array(raw)});
            """);

        var summary = await harness.Reconcile().ReconcileAsync(harness.Shops,
            new ReconcileRequest { Depth = ReconcileDepth.Full, Days = Days, RecentHours = Duration.Zero }, CancellationToken.None);

        Assert.Null(summary.Error);
        Assert.Equal(ExitCode.Ok, summary.ExitCode);
        Assert.Equal((5, 5, 8, 0L), (summary.Missing, summary.Stale, summary.Damaged, summary.Owed));
        Assert.Equal(18, summary.Repaired);
        Assert.Equal(Days, summary.Slices);
        var run = summary.RunId;
        Assert.Equal(Sorted(deleted), await FoundAsync(database, run, "missing"));
        Assert.Equal(Sorted(stale), await FoundAsync(database, run, "stale"));
        Assert.Equal(Sorted([.. lines, .. raw]), await FoundAsync(database, run, "damaged"));
        Assert.Equal(18, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM etl.reconciliation_trade t JOIN etl.reconciliation r ON r.id = t.reconciliation_id WHERE r.run_id = {run} AND t.repaired"));
        // Staging is whole again: every picked trade has its lines and its raw payload at its version.
        Assert.Equal(18, await database.ScalarAsync<long>($"""
            SELECT count(*) FROM staging.sales_order s WHERE s.shop_id = '{shop}' AND s.tid = ANY({Array(picked)})
              AND s.line_count = (SELECT count(*) FROM staging.sales_order_line l WHERE l.shop_id = s.shop_id AND l.tid = s.tid)
              AND EXISTS (SELECT 1 FROM raw.trade r WHERE r.shop_id = s.shop_id AND r.tid = s.tid AND r.modified = s.modified)
            """));
        var report = await harness.VerifyAsync();
        Assert.True(report.IsClean, SyncHarness.Describe(report));
        // The data team's view: per day the last check, what it found and that it repaired it.
        Assert.Equal(Days, await database.ScalarAsync<long>($"SELECT count(*) FROM staging.v_completeness WHERE shop_id = '{shop}' AND run_id = {run}"));
        Assert.Equal(18, await database.ScalarAsync<long>(
            $"SELECT sum(missing + stale + damaged) FROM staging.v_completeness WHERE shop_id = '{shop}' AND run_id = {run}"));
        Assert.Equal(0, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM staging.v_completeness WHERE shop_id = '{shop}' AND run_id = {run} AND verdict NOT IN ('ok', 'repaired')"));

        var again = await harness.Reconcile().ReconcileAsync(harness.Shops,
            new ReconcileRequest { Depth = ReconcileDepth.Full, Days = Days, RecentHours = Duration.Zero }, CancellationToken.None);

        Assert.Equal(ExitCode.Ok, again.ExitCode);
        Assert.Equal((0, 0L, 0L, 0L, 0L), (again.Differing, again.Missing, again.Stale, again.Damaged, again.Refetched));
        Assert.Equal(0, again.DetailCalls);
        // Only the platform clock and the days' listings.
        Assert.All(again.ApiCalls.Keys, key => Assert.Matches("^(time\\.get|trades\\.sold\\.get):", key));
        Assert.Equal(Days, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM staging.v_completeness WHERE shop_id = '{shop}' AND run_id = {again.RunId} AND verdict = 'ok'"));
    }

    [Fact]
    public async Task A_damaged_copy_whose_read_is_not_before_its_repairs_is_still_replaced_whole()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        // The platform's clock does not move between the backfill and the repair, and the damaged copies' read instants are
        // set an hour on: a read's lower bound is its answer's Date minus its round trip, so the repair's read of the same
        // second can date below the damaged copy's. Only the damaged copy's demoted version then lets the repair win.
        await using var harness = await SyncHarness.StartAsync(database, seed: 172, FaultOptions.Clean(), backfillDays: Days, shopCount: 1);
        await harness.BackfillAsync();
        var shop = harness.Shops[0].ShopId;
        var damaged = await database.ListAsync<long>($"""
            SELECT tid FROM staging.sales_order WHERE shop_id = '{shop}' AND line_count >= 1
              AND modified < (SELECT max(range_end) FROM etl.window WHERE shop_id = '{shop}' AND kind = 'backfill_day') - interval '2 hours'
            ORDER BY md5(tid::text) LIMIT 4
            """);
        Assert.Equal(4, damaged.Count);
        await database.ExecuteAsync($"""
            DELETE FROM staging.sales_order_line l USING (SELECT DISTINCT ON (tid) tid, oid FROM staging.sales_order_line
                WHERE shop_id = '{shop}' AND tid = ANY({Array([.. damaged])}) ORDER BY tid, oid) d WHERE l.shop_id = '{shop}' AND l.tid = d.tid AND l.oid = d.oid;
            UPDATE staging.sales_order SET fetched_at = fetched_at + interval '1 hour' WHERE shop_id = '{shop}' AND tid = ANY({Array([.. damaged])});
            """);

        var summary = await harness.Reconcile().ReconcileAsync(harness.Shops,
            new ReconcileRequest { Depth = ReconcileDepth.Full, Days = Days, RecentHours = Duration.Zero }, CancellationToken.None);

        Assert.Equal(ExitCode.Ok, summary.ExitCode);
        Assert.Equal((4L, 4L, 0L), (summary.Damaged, summary.Repaired, summary.Owed));
        Assert.Equal(4, await database.ScalarAsync<long>($"""
            SELECT count(*) FROM staging.sales_order s WHERE s.shop_id = '{shop}' AND s.tid = ANY({Array([.. damaged])})
              AND s.line_count = (SELECT count(*) FROM staging.sales_order_line l WHERE l.shop_id = s.shop_id AND l.tid = s.tid)
            """));
    }

    [Fact]
    public async Task With_count_depth_a_deleted_trade_is_found_through_its_days_count_and_repaired()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 162);
        var shop = harness.Shops[0].ShopId;
        var deleted = await PickAsync(database, shop, 2);
        await database.ExecuteAsync($"DELETE FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = ANY({Array(deleted)})");

        var summary = await harness.Reconcile().ReconcileAsync(harness.Shops,
            new ReconcileRequest { Depth = ReconcileDepth.Count, Days = Days, RecentHours = Duration.Zero }, CancellationToken.None);

        Assert.Null(summary.Error);
        Assert.Equal(ExitCode.Ok, summary.ExitCode);
        Assert.Equal((2L, 2L, 0L), (summary.Missing, summary.Repaired, summary.Owed));
        Assert.Equal(Sorted(deleted), await FoundAsync(database, summary.RunId, "missing"));
        // The days whose counts agreed cost one call each and were not listed: recorded at count depth with equal counts.
        var differingDays = await database.ScalarAsync<long>($"SELECT count(*) FROM etl.reconciliation WHERE run_id = {summary.RunId} AND verdict = 'repaired'");
        Assert.Equal(Days - differingDays, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM etl.reconciliation WHERE run_id = {summary.RunId} AND verdict = 'ok' AND calls = 1 AND platform_count = staged_count"));
        Assert.Equal(0, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = ANY({Array(deleted)})") - deleted.Length);
        var report = await harness.VerifyAsync();
        Assert.True(report.IsClean, SyncHarness.Describe(report));
    }

    [Fact]
    public async Task A_day_with_a_trade_the_platform_does_not_list_is_diffed_in_full_so_equal_counts_cannot_hide_a_missing_one()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 169);
        var shop = harness.Shops[0].ShopId;
        var lost = (await PickAsync(database, shop, 1))[0];
        // One staged trade the platform never had, on the same day as one lost: the day's counts agree.
        await database.ExecuteAsync($"""
            INSERT INTO staging.sales_order (shop_id, tid, taobao_status, erp_status, created, modified, fetched_at, line_count)
            SELECT shop_id, 9000000000000000001, taobao_status, erp_status, created, modified, fetched_at, 0
            FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = {lost};
            DELETE FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = {lost};
            """);
        var count = new ReconcileRequest { Depth = ReconcileDepth.Count, Days = Days, RecentHours = Duration.Zero };
        var full = await harness.Reconcile().ReconcileAsync(harness.Shops, count with { Depth = ReconcileDepth.Full, FullDays = 0 }, CancellationToken.None);
        Assert.Equal((1L, 1L), (full.Unknown, full.Missing));
        await database.ExecuteAsync($"DELETE FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = {lost}");

        var summary = await harness.Reconcile().ReconcileAsync(harness.Shops, count, CancellationToken.None);

        // The counts agree (the unknown one stands in for the lost one), yet the day is listed and the lost trade found.
        Assert.Equal([lost], await FoundAsync(database, summary.RunId, "missing"));
        Assert.Equal(1L, summary.Repaired);
    }

    [Fact]
    public async Task The_recent_hours_find_a_stale_copy_of_an_old_trade_that_changed_recently()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 163);
        var shop = harness.Shops[0].ShopId;
        // A trade created before yesterday (outside the one day checked by created) that changed in the last 48 hours.
        var old = await database.ListAsync<long>($"""
            SELECT tid FROM staging.sales_order WHERE shop_id = '{shop}'
              AND created < (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'trade') - interval '2 days'
              AND modified > (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'trade') - interval '40 hours'
              AND modified < (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'trade') - interval '1 hour'
            ORDER BY tid LIMIT 3
            """);
        Assert.NotEmpty(old);
        await database.ExecuteAsync($"UPDATE staging.sales_order SET modified = modified - interval '1 day' WHERE shop_id = '{shop}' AND tid = ANY({Array([.. old])})");

        var summary = await harness.Reconcile().ReconcileAsync(harness.Shops,
            new ReconcileRequest { Depth = ReconcileDepth.Count, Days = 1, RecentHours = Duration.FromHours(48) }, CancellationToken.None);

        Assert.Equal(ExitCode.Ok, summary.ExitCode);
        Assert.Equal(Sorted([.. old]), await FoundAsync(database, summary.RunId, "stale"));
        Assert.Equal(old.Count, await database.ScalarAsync<long>($"""
            SELECT count(DISTINCT t.tid) FROM etl.reconciliation_trade t JOIN etl.reconciliation r ON r.id = t.reconciliation_id
            WHERE r.run_id = {summary.RunId} AND r.slice_kind = 'recent' AND t.finding = 'stale' AND t.repaired
            """));
        var report = await harness.VerifyAsync();
        Assert.True(report.IsClean, SyncHarness.Describe(report));
    }

    [Fact]
    public async Task The_recent_hours_find_missing_and_stale_refunds_and_repair_them()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 170);
        var shop = harness.Shops[0].ShopId;
        var refunds = await database.ListAsync<long>($"""
            SELECT refund_id FROM staging.refund WHERE shop_id = '{shop}'
              AND modified > (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'refund') - interval '40 hours'
              AND modified < (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'refund') - interval '1 hour'
            ORDER BY md5(refund_id::text) LIMIT 4
            """);
        Assert.Equal(4, refunds.Count);
        await database.ExecuteAsync($"""
            DELETE FROM staging.refund WHERE shop_id = '{shop}' AND refund_id IN ({refunds[0]}, {refunds[1]});
            UPDATE staging.refund SET modified = modified - interval '1 day' WHERE shop_id = '{shop}' AND refund_id IN ({refunds[2]}, {refunds[3]});
            """);

        var summary = await harness.Reconcile().ReconcileAsync(harness.Shops,
            new ReconcileRequest { Depth = ReconcileDepth.Count, Days = 1, RecentHours = Duration.FromHours(48) }, CancellationToken.None);

        Assert.Equal(ExitCode.Ok, summary.ExitCode);
        Assert.Equal((2L, 2L, 0L), (summary.RefundsMissing, summary.RefundsStale, summary.Owed));
        Assert.Equal(4, await database.ScalarAsync<long>($"""
            SELECT count(DISTINCT t.tid) FROM etl.reconciliation_trade t JOIN etl.reconciliation r ON r.id = t.reconciliation_id
            WHERE r.run_id = {summary.RunId} AND r.stream = 'refund' AND t.repaired
            """));
        var report = await harness.VerifyAsync();
        Assert.True(report.IsClean, SyncHarness.Describe(report));
    }

    [Fact]
    public async Task Resync_repairs_a_deliberately_stale_range_and_a_second_run_changes_nothing()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 164);
        var shop = harness.Shops[0].ShopId;
        var stale = await PickAsync(database, shop, 12);
        await database.ExecuteAsync($"UPDATE staging.sales_order SET modified = modified - interval '3 hours' WHERE shop_id = '{shop}' AND tid = ANY({Array(stale)})");
        var from = await database.ScalarAsync<Instant>($"SELECT min(range_start) FROM etl.window WHERE shop_id = '{shop}' AND kind = 'backfill_day'");
        var to = await database.ScalarAsync<Instant>($"SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'trade'");
        var request = new ResyncRequest(from, to, SliceListBy.Created, Force: false);

        var first = await harness.Reconcile().ResyncAsync(harness.Shops, request, CancellationToken.None);

        Assert.Null(first.Error);
        Assert.Equal(ExitCode.Ok, first.ExitCode);
        Assert.Equal(12L, first.Stale);
        Assert.Equal(12L, first.Repaired);
        Assert.Equal(12L, first.Sink.TradesUpdated);
        var report = await harness.VerifyAsync();
        Assert.True(report.IsClean, SyncHarness.Describe(report));

        var second = await harness.Reconcile().ResyncAsync(harness.Shops, request, CancellationToken.None);

        Assert.Equal(ExitCode.Ok, second.ExitCode);
        Assert.Equal((0L, 0L, 0L), (second.Stale, second.Refetched, second.Sink.RowsWritten));
        Assert.Equal(0, second.DetailCalls);
    }

    [Fact]
    public async Task A_watermark_pinned_for_hours_does_not_hide_what_the_increments_owe_behind_the_pending_band()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 165);
        var shop = harness.Shops[0].ShopId;
        // Trades of the backfill days that changed between 5 h and 1 h 10 min before the watermark, then lost; the watermark
        // is set back 5 h, as a failing increment would leave it. The increments' pending claim would cover them all.
        var lost = await database.ListAsync<long>($"""
            SELECT tid FROM staging.sales_order WHERE shop_id = '{shop}'
              AND created >= (SELECT min(range_start) FROM etl.window WHERE shop_id = '{shop}' AND kind = 'backfill_day' AND stream = 'trade')
              AND created < (SELECT max(range_end) FROM etl.window WHERE shop_id = '{shop}' AND kind = 'backfill_day' AND stream = 'trade')
              AND modified BETWEEN (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'trade') - interval '5 hours'
                               AND (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'trade') - interval '70 minutes'
            ORDER BY md5(tid::text) LIMIT 4
            """);
        Assert.NotEmpty(lost);
        await database.ExecuteAsync($"""
            DELETE FROM staging.sales_order WHERE shop_id = '{shop}' AND tid = ANY({Array([.. lost])});
            UPDATE etl.sync_state SET watermark = watermark - interval '5 hours' WHERE shop_id = '{shop}' AND stream = 'trade';
            """);

        var summary = await harness.Reconcile().ReconcileAsync(harness.Shops,
            new ReconcileRequest { Depth = ReconcileDepth.Full, Days = Days, RecentHours = Duration.Zero }, CancellationToken.None);

        Assert.Equal(ExitCode.Ok, summary.ExitCode);
        Assert.Equal(Sorted([.. lost]), await FoundAsync(database, summary.RunId, "missing"));
        Assert.Equal(lost.Count, summary.Repaired);
    }

    [Fact]
    public async Task A_killed_reconcile_is_resumed_after_the_days_it_settled_and_only_once()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 166);
        var shop = harness.Shops[0].ShopId;
        var request = new ReconcileRequest { Depth = ReconcileDepth.Count, Days = Days, RecentHours = Duration.Zero };
        var done = await harness.Reconcile().ReconcileAsync(harness.Shops, request, CancellationToken.None);
        // Run `done` as a killed run leaves it: never finished, two of its three days recorded as settled.
        await database.ExecuteAsync($"""
            UPDATE etl.run SET ended_at = NULL, status = 'running', exit_code = NULL WHERE run_id = {done.RunId};
            DELETE FROM etl.reconciliation WHERE run_id = {done.RunId}
              AND range_start = (SELECT max(range_start) FROM etl.reconciliation WHERE run_id = {done.RunId});
            """);

        var resumed = await harness.Reconcile().ReconcileAsync(harness.Shops, request, CancellationToken.None);
        var after = await harness.Reconcile().ReconcileAsync(harness.Shops, request, CancellationToken.None);

        Assert.Equal((2, 1), (resumed.Resumed, resumed.Slices));
        Assert.Equal(await database.ScalarAsync<Instant>($"SELECT max(range_start) FROM etl.reconciliation WHERE run_id = {resumed.RunId}"),
            await database.ScalarAsync<Instant>($"SELECT max(range_start) FROM etl.reconciliation WHERE run_id = {after.RunId}"));
        // The resumed run finished: the killed one is not resumed again.
        Assert.Equal((0, Days), (after.Resumed, after.Slices));
    }

    [Fact]
    public async Task A_trade_the_platform_refuses_stays_owed_after_the_repair_and_the_reconcile_exits_65_naming_it()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        // The first trade asked for is refused on every detail call (isv.*): the backfill owes it, the repair cannot bring it.
        await using var proxy = new FaultingGateway(FaultingGateway.CallerError, faultsPerTrade: int.MaxValue);
        await using var harness = await SyncHarness.StartAsync(database, seed: 168, FaultOptions.Clean(), backfillDays: 1,
            gateway: sim => { proxy.Target = sim; return proxy.Url; }, shopCount: 1);
        await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None);
        var refused = Assert.Single(proxy.Faulted);

        var summary = await harness.Reconcile().ReconcileAsync(harness.Shops,
            new ReconcileRequest { Depth = ReconcileDepth.Count, Days = 1, RecentHours = Duration.Zero }, CancellationToken.None);

        Assert.Null(summary.Error);
        Assert.Equal(ExitCode.DataError, summary.ExitCode);
        Assert.Equal((harness.Shops[0].ShopId, refused), Assert.Single(summary.OwedTrades));
        Assert.Equal(1L, summary.Missing);
        Assert.Equal(0L, summary.Repaired);
        Assert.Contains("still differ", summary.ExitReason, StringComparison.Ordinal);
        Assert.Equal("owed", await database.ScalarAsync<string>($"SELECT verdict FROM etl.reconciliation WHERE run_id = {summary.RunId}"));
        Assert.Equal(1, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM etl.owed_trade WHERE tid = {refused} AND resolved_at IS NULL AND listed_modified IS NOT NULL"));
    }

    [Fact]
    public async Task Resync_of_refunds_lists_them_by_modified_repairs_the_stale_ones_and_a_second_run_changes_nothing()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncedAsync(database, seed: 171);
        var shop = harness.Shops[0].ShopId;
        var to = await database.ScalarAsync<Instant>($"SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'refund'");
        var from = to - Duration.FromDays(2);
        var stale = await database.ListAsync<long>($"""
            SELECT refund_id FROM staging.refund WHERE shop_id = '{shop}'
              AND modified >= '{InstantPattern.ExtendedIso.Format(from)}' AND modified < '{InstantPattern.ExtendedIso.Format(to)}'
            ORDER BY md5(refund_id::text) LIMIT 3
            """);
        Assert.Equal(3, stale.Count);
        await database.ExecuteAsync(
            $"UPDATE staging.refund SET modified = modified - interval '1 hour' WHERE shop_id = '{shop}' AND refund_id = ANY(ARRAY[{string.Join(',', stale)}]::bigint[])");
        var request = new ResyncRequest(from, to, SliceListBy.Created, Force: false) { Streams = [Windows.SyncStream.Refund] };

        var first = await harness.Reconcile().ResyncAsync(harness.Shops, request, CancellationToken.None);

        Assert.Equal(ExitCode.Ok, first.ExitCode);
        Assert.Equal((3L, 3L), (first.RefundsStale, first.RefundsRepaired));
        Assert.Equal(3L, first.Sink.RefundsUpdated);
        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT count(*) FROM etl.reconciliation WHERE run_id = {first.RunId} AND stream = 'trade'"));
        var report = await harness.VerifyAsync();
        Assert.True(report.IsClean, SyncHarness.Describe(report));

        var second = await harness.Reconcile().ResyncAsync(harness.Shops, request, CancellationToken.None);

        Assert.Equal((0L, 0L, 0L), (second.RefundsStale, second.Refetched, second.Sink.RowsWritten));
    }

    // A small world backfilled, then quiesced (no more changes, the index caught up) and incremented, so nothing is pending.
    private static async Task<SyncHarness> SyncedAsync(PostgresDatabase database, long seed)
    {
        var harness = await SyncHarness.StartAsync(database, seed, FaultOptions.Clean(), backfillDays: Days, shopCount: 1);
        await harness.BackfillAsync();
        await harness.AdvanceAsync(Duration.FromMinutes(20));
        await harness.IncrementAsync();
        await harness.QuiesceAsync();
        await harness.IncrementAsync();
        return harness;
    }

    // Staged trades of the backfill days, well before the pending band (so the damage is owed, not pending), in a random order of the seed.
    private static async Task<long[]> PickAsync(PostgresDatabase database, string shop, int count)
    {
        var tids = await database.ListAsync<long>($"""
            SELECT tid FROM staging.sales_order WHERE shop_id = '{shop}'
              AND created >= (SELECT min(range_start) FROM etl.window WHERE shop_id = '{shop}' AND kind = 'backfill_day' AND stream = 'trade')
              AND created < (SELECT max(range_end) FROM etl.window WHERE shop_id = '{shop}' AND kind = 'backfill_day' AND stream = 'trade')
              AND modified < (SELECT watermark FROM etl.sync_state WHERE shop_id = '{shop}' AND stream = 'trade') - interval '30 minutes'
              AND line_count >= 1
            ORDER BY md5(tid::text) LIMIT {count}
            """);
        Assert.Equal(count, tids.Count);
        return [.. tids];
    }

    private static async Task<long[]> FoundAsync(PostgresDatabase database, long runId, string finding) =>
        [.. (await database.ListAsync<long>($"""
            SELECT DISTINCT t.tid FROM etl.reconciliation_trade t JOIN etl.reconciliation r ON r.id = t.reconciliation_id
            WHERE r.run_id = {runId} AND t.finding = '{finding}' ORDER BY t.tid
            """))];

    private static long[] Sorted(long[] tids) => [.. tids.Order()];

    private static string Array(long[] tids) => $"ARRAY[{string.Join(',', tids)}]::bigint[]";
}
