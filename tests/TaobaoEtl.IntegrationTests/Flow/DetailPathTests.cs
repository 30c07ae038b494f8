using TaobaoEtl.Flow;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// Every intake (the window pager, <c>refetch</c>, a run's owed retry) goes through the one detail path: batched like the
/// windows' trades, and a fault of any stage of it ends the run cleanly — the fault reported, nothing claimed done or
/// resolved that was not committed, and no hang.
/// </summary>
public sealed class DetailPathTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Refetch_commits_one_sink_transaction_per_batch_not_one_per_trade()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        // A flush age longer than the run: only full batches and the last partial one are written.
        await using var harness = await SyncHarness.StartAsync(database, seed: 31, FaultOptions.Clean(), backfillDays: 2,
            sync => { sync.BatchSize = 40; sync.FlushAge = TimeSpan.FromMinutes(10); });
        await harness.BackfillAsync();
        var shop = harness.Shops[0];
        var tids = await database.ListAsync<long>($"SELECT tid FROM staging.sales_order WHERE shop_id = '{shop.ShopId}' ORDER BY tid LIMIT 130");
        Assert.Equal(130, tids.Count);
        await database.ExecuteAsync($"DELETE FROM staging.sales_order WHERE shop_id = '{shop.ShopId}' AND tid = ANY(ARRAY[{string.Join(',', tids)}]::bigint[])");

        var summary = await harness.Refetch().RefetchAsync(shop, tids, CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(summary.Error);
        Assert.Equal(130, summary.Sink.TradesInserted);
        // 130 trades in batches of 40: 4 transactions (40, 40, 40, 10), not 130.
        Assert.Equal(4, summary.SinkTransactions);
        Assert.Equal(130, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM staging.sales_order WHERE shop_id = '{shop.ShopId}' AND tid = ANY(ARRAY[{string.Join(',', tids)}]::bigint[])"));
    }

    public static TheoryData<FlowStage> WindowStages => [FlowStage.List, FlowStage.Filter, FlowStage.Fetch, FlowStage.Normalize, FlowStage.Sink];

    public static TheoryData<FlowStage> DetailStages => [FlowStage.Fetch, FlowStage.Normalize, FlowStage.Sink];

    [Theory]
    [MemberData(nameof(WindowStages))]
    public async Task A_fault_of_any_stage_fails_a_backfill_cleanly(FlowStage stage)
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 32, FaultOptions.Clean(), backfillDays: 2,
            sync => sync.Testing.FailStage = stage);

        var summary = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Equal(stage, Assert.IsType<InjectedStageFault>(summary.Error).Stage);
        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.NotEqual(ExitCode.Ok, summary.ExitCode);
        // Every stage sees the run's trades, so none of its windows can have been proven done.
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM etl.window WHERE status = 'done'"));
        Assert.Equal("failed", await database.ScalarAsync<string>($"SELECT status FROM etl.run WHERE run_id = {summary.RunId}"));
    }

    [Theory]
    [MemberData(nameof(DetailStages))]
    public async Task A_fault_of_any_stage_fails_a_refetch_cleanly_and_leaves_its_trades_owed(FlowStage stage)
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 33, FaultOptions.Clean(), backfillDays: 1);
        await harness.BackfillAsync();
        var shop = harness.Shops[0];
        var tids = await OweSomeAsync(database, shop.ShopId, 25);
        harness.Sync.Testing.FailStage = stage;

        var summary = await harness.Refetch().RefetchAsync(shop, tids, CancellationToken.None).WaitAsync(NoHang);

        Assert.Equal(stage, Assert.IsType<InjectedStageFault>(summary.Error).Stage);
        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal(25, await OpenOwedAsync(database, shop.ShopId));
        Assert.Equal(0, await InStagingAsync(database, shop.ShopId, tids));
    }

    [Theory]
    [MemberData(nameof(DetailStages))]
    public async Task A_fault_of_any_stage_of_the_owed_retry_fails_the_increment_cleanly_and_leaves_its_trades_owed(FlowStage stage)
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        // A frozen platform clock: the increment lists nothing that changed, so only the owed retry reaches the detail stages.
        await using var harness = await SyncHarness.StartAsync(database, seed: 34, FaultOptions.Clean(), backfillDays: 1);
        await harness.BackfillAsync();
        var shop = harness.Shops[0];
        var tids = await OweSomeAsync(database, shop.ShopId, 25);
        harness.Sync.Testing.FailStage = stage;

        var summary = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Equal(stage, Assert.IsType<InjectedStageFault>(summary.Error).Stage);
        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal(25, await OpenOwedAsync(database, shop.ShopId));
        Assert.Equal(0, await InStagingAsync(database, shop.ShopId, tids));
    }

    [Fact]
    public async Task The_owed_retry_stores_its_trades_through_the_detail_path_of_the_increment()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 35, FaultOptions.Clean(), backfillDays: 1);
        await harness.BackfillAsync();
        var shop = harness.Shops[0];
        var tids = await OweSomeAsync(database, shop.ShopId, 25);

        var summary = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(summary.Error);
        Assert.Equal(ExitCode.Ok, summary.ExitCode);
        Assert.Equal(25, summary.Owed.Resolved);
        Assert.Equal(0, await OpenOwedAsync(database, shop.ShopId));
        Assert.Equal(25, await InStagingAsync(database, shop.ShopId, tids));
    }

    // Staged trades made owed and due: removed from staging, with an open owed row whose next attempt is past.
    private static async Task<IReadOnlyList<long>> OweSomeAsync(PostgresDatabase database, string shopId, int count)
    {
        var tids = await database.ListAsync<long>($"SELECT tid FROM staging.sales_order WHERE shop_id = '{shopId}' ORDER BY tid LIMIT {count}");
        Assert.Equal(count, tids.Count);
        var array = $"ARRAY[{string.Join(',', tids)}]::bigint[]";
        await database.ExecuteAsync($"DELETE FROM staging.sales_order WHERE shop_id = '{shopId}' AND tid = ANY({array})");
        await database.ExecuteAsync($"""
            INSERT INTO etl.owed_trade (shop_id, tid, cause, last_error, first_owed_at, last_attempt_at, next_attempt_at)
            SELECT '{shopId}', t, 'dead_letter', 'isv.test (planted)', now() - interval '2 hours', now() - interval '2 hours', now() - interval '1 hour'
            FROM unnest({array}) AS t
            """);
        return tids;
    }

    private static Task<long> OpenOwedAsync(PostgresDatabase database, string shopId) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM etl.owed_trade WHERE shop_id = '{shopId}' AND resolved_at IS NULL");

    private static Task<long> InStagingAsync(PostgresDatabase database, string shopId, IReadOnlyList<long> tids) =>
        database.ScalarAsync<long>(
            $"SELECT count(*) FROM staging.sales_order WHERE shop_id = '{shopId}' AND tid = ANY(ARRAY[{string.Join(',', tids)}]::bigint[])");
}
