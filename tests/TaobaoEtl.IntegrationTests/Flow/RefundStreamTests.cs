using NodaTime;
using TaobaoEtl.Flow;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Streams;
using TaobaoEtl.TopSim.Faults;
using Xunit.Abstractions;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>The refund stream beside the trade stream: its own coverage, and no run exits 0 while refunds were never backfilled.</summary>
public sealed class RefundStreamTests(ITestOutputHelper output)
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_shop_backfilled_for_trades_only_owes_its_refund_backfill_and_increments_exit_65_until_it_runs()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 41, FaultOptions.Clean(), backfillDays: 3);
        // As a shop synced before refunds were: its trade days done, no refund day.
        (await harness.Run.BackfillAsync(harness.Shops, [StreamSpec.Trades], CancellationToken.None)).ThrowIfFailed();
        await harness.AdvanceAsync(Duration.FromMinutes(5));

        var increment = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(increment.Error);
        Assert.Equal(ExitCode.DataError, increment.ExitCode);
        Assert.Contains("backfill day", increment.ExitReason, StringComparison.Ordinal);
        // Verify sees the same: the refunds changed in the backfill days are missing.
        Assert.True((await harness.VerifyAsync()).RefundsMissing > 0);

        (await harness.Run.BackfillAsync(harness.Shops, [StreamSpec.Refunds], CancellationToken.None)).ThrowIfFailed();
        await harness.AdvanceAsync(Duration.FromMinutes(5));
        var after = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(after.Error);
        Assert.Equal(ExitCode.Ok, after.ExitCode);
        var report = await harness.VerifyAsync(lookBack: Duration.Zero);
        output.WriteLine(SyncHarness.Describe(report));
        Assert.True(report.IsClean, SyncHarness.Describe(report));
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM staging.refund") > 0);
    }

    [Fact]
    public async Task Each_stream_runs_alone_with_its_own_windows()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 42, FaultOptions.Clean(), backfillDays: 2);

        var refunds = await harness.Run.BackfillAsync(harness.Shops, [StreamSpec.Refunds], CancellationToken.None).WaitAsync(NoHang);

        refunds.ThrowIfFailed();
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM staging.sales_order"));
        Assert.True(refunds.Sink.RefundsInserted > 0);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM etl.window WHERE stream = 'trade'"));
        Assert.Equal(2 * harness.Shops.Count, await database.ScalarAsync<long>(
            "SELECT count(*) FROM etl.window WHERE stream = 'refund' AND kind = 'backfill_day' AND status = 'done'"));
        Assert.Equal(refunds.Sink.RefundsInserted, await database.ScalarAsync<long>("SELECT count(*) FROM staging.refund"));
    }
}
