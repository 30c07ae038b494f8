using NodaTime;
using NodaTime.Testing;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.TopSim;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// Loss path 2 of issue 15: a trade the detail call refuses once (or whose answer cannot be mapped once) is owed,
/// not forgotten: the window that listed it is done and the watermark moves, but the trade is retried by the next
/// run (after its backoff) until it is in staging, and every run that leaves it owed exits 65.
/// </summary>
public sealed class OwedTradeTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_trade_refused_once_by_the_detail_call_is_retried_by_the_next_run_and_lands_in_staging() =>
        await RetriedByTheNextRunAsync(FaultingGateway.CallerError, seed: 21, secondRunIsBackfill: true);

    [Fact]
    public async Task A_trade_whose_answer_is_quarantined_once_is_retried_by_the_next_run_and_lands_in_staging() =>
        await RetriedByTheNextRunAsync(FaultingGateway.UnstorableTrade, seed: 22, secondRunIsBackfill: true);

    // A second backfill lists nothing (its days are done), so only the owed retry can bring the trade in; an
    // increment might list it again if it changed since, which would hide a missing retry.
    private static async Task RetriedByTheNextRunAsync(Func<long, string> fault, long seed, bool secondRunIsBackfill)
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var proxy = new FaultingGateway(fault);
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 11, 0, 0));
        await using var harness = await SyncHarness.StartAsync(database, seed, FaultOptions.Clean(), backfillDays: 1,
            gateway: sim => { proxy.Target = sim; return proxy.Url; }, runClock: clock);

        var backfill = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);
        Assert.Null(backfill.Error);
        var tid = Assert.Single(proxy.Faulted);
        Assert.Equal(0, await CountInStagingAsync(database, tid));

        clock.Advance(Duration.FromHours(1));
        await harness.AdvanceAsync(Duration.FromMinutes(5));
        var second = await (secondRunIsBackfill
            ? harness.Run.BackfillAsync(harness.Shops, CancellationToken.None)
            : harness.Run.IncrementAsync(harness.Shops, CancellationToken.None)).WaitAsync(NoHang);

        Assert.Null(second.Error);
        Assert.Equal(1, await CountInStagingAsync(database, tid));
        Assert.Equal(ExitCode.Ok, second.ExitCode);
    }

    private static Task<long> CountInStagingAsync(PostgresDatabase database, long tid) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM staging.sales_order WHERE tid = {tid}");
}
