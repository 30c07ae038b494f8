using NodaTime;
using NodaTime.Testing;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.TopSim.Faults;

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
        await RetriedByTheNextRunAsync(FaultingGateway.CallerError, seed: 21, secondRunIsBackfill: true, cause: "dead_letter");

    [Fact]
    public async Task A_trade_whose_answer_is_quarantined_once_is_retried_by_the_next_run_and_lands_in_staging() =>
        await RetriedByTheNextRunAsync(FaultingGateway.UnstorableTrade, seed: 22, secondRunIsBackfill: true, cause: "quarantine");

    // A second backfill lists nothing (its days are done), so only the owed retry can bring the trade in; an
    // increment might list it again if it changed since, which would hide a missing retry.
    private static async Task RetriedByTheNextRunAsync(Func<long, string> fault, long seed, bool secondRunIsBackfill, string cause)
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
        // The window is done and the watermark moved (one poison trade does not stall the shop), but the trade is owed
        // and the run says so with its exit code.
        Assert.Equal(backfill.WindowsPlanned, backfill.WindowsDone);
        Assert.Equal(ExitCode.DataError, backfill.ExitCode);
        Assert.Equal(1, backfill.Owed.Open);
        Assert.Equal(1, backfill.Owed.New);
        Assert.Equal(tid, Assert.Single(backfill.Owed.FirstOpen).Tid);
        Assert.Equal(cause, await database.ScalarAsync<string>($"SELECT cause FROM etl.owed_trade WHERE tid = {tid} AND resolved_at IS NULL"));
        if (cause == "quarantine")
        {
            // Rejected before its own tid could be read (jsonb refuses the \u0000): attributed to the tid asked for.
            Assert.Equal(1, await database.ScalarAsync<long>($"SELECT count(*) FROM etl.quarantine WHERE tid = {tid}"));
            Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM etl.quarantine WHERE tid IS NULL"));
        }

        // The owed row waits for the version the listing named: an older copy of the trade (another window read it
        // before the change and commits after the refusal) leaves it owed; only the retry's current copy resolves it.
        var owner = await database.ScalarAsync<string>($"SELECT shop_id FROM etl.owed_trade WHERE tid = {tid} AND resolved_at IS NULL");
        var listed = await database.ScalarAsync<Instant>($"SELECT listed_modified FROM etl.owed_trade WHERE tid = {tid} AND resolved_at IS NULL");
        var stale = TaobaoEtl.IntegrationTests.Sink.SinkTrades.Trade(owner, tid, (int)(listed - Duration.FromSeconds(1) - TaobaoEtl.IntegrationTests.Sink.SinkTrades.Base).TotalSeconds,
            (int)(listed - TaobaoEtl.IntegrationTests.Sink.SinkTrades.Base).TotalSeconds);
        await TaobaoEtl.Sink.CopySink.WriteBatchAsync(database.DataSource, new TaobaoEtl.Sink.SinkBatch { Trades = [stale] }, CancellationToken.None);
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT count(*) FROM etl.owed_trade WHERE tid = {tid} AND resolved_at IS NULL"));
        // Taken out again: the rest of the test proves the retry brings the trade in from nothing.
        await database.ExecuteAsync($"DELETE FROM staging.sales_order_line WHERE tid = {tid}");
        await database.ExecuteAsync($"DELETE FROM staging.sales_order WHERE tid = {tid}");
        await database.ExecuteAsync($"DELETE FROM raw.trade WHERE tid = {tid}");

        // verify shows it, never hides it: owed, and missing from staging.
        var verified = await harness.VerifyAsync(lookBack: Duration.Zero);
        Assert.Equal(1, verified.Owed);
        Assert.True(verified.Missing >= 1, SyncHarness.Describe(verified));
        Assert.Contains(verified.Offenders, o => o.ToString().Contains(tid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // Not due yet: a run within the backoff leaves it owed and makes no call for it.
        var early = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);
        Assert.Equal(ExitCode.DataError, early.ExitCode);
        Assert.Equal(0, early.DetailCalls);

        clock.Advance(Duration.FromHours(1));
        await harness.AdvanceAsync(Duration.FromMinutes(5));
        var second = await (secondRunIsBackfill
            ? harness.Run.BackfillAsync(harness.Shops, CancellationToken.None)
            : harness.Run.IncrementAsync(harness.Shops, CancellationToken.None)).WaitAsync(NoHang);

        Assert.Null(second.Error);
        Assert.Equal(1, await CountInStagingAsync(database, tid));
        Assert.Equal(ExitCode.Ok, second.ExitCode);
        Assert.Equal(0, second.Owed.Open);
        Assert.Equal(1, second.Owed.Resolved);
        Assert.Equal(second.RunId, await database.ScalarAsync<long>($"SELECT resolved_run_id FROM etl.owed_trade WHERE tid = {tid}"));
    }

    [Fact]
    public async Task A_trade_refused_on_every_attempt_stays_owed_with_growing_attempts_and_backoff_and_every_run_exits_65()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var proxy = new FaultingGateway(FaultingGateway.CallerError, faultsPerTrade: int.MaxValue);
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 11, 0, 0));
        await using var harness = await SyncHarness.StartAsync(database, seed: 23, FaultOptions.Clean(), backfillDays: 1,
            gateway: sim => { proxy.Target = sim; return proxy.Url; }, runClock: clock);

        var first = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);
        var tid = Assert.Single(proxy.Faulted);
        var watermarks = await database.ScalarAsync<long>("SELECT count(*) FROM etl.sync_state");
        Assert.Equal(ExitCode.DataError, first.ExitCode);
        for (var run = 2; run <= 4; run++)
        {
            clock.Advance(Duration.FromHours(1));
            await harness.AdvanceAsync(Duration.FromMinutes(5));
            var increment = await harness.Run.IncrementAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);
            Assert.Null(increment.Error);
            Assert.Equal(ExitCode.DataError, increment.ExitCode);
            Assert.Equal(increment.WindowsPlanned, increment.WindowsDone);
        }

        // Attempt 1 in the backfill; each increment an hour later retried it once more (an increment may list it
        // again too, if it changed: then that listing is one more attempt).
        var attempts = await database.ScalarAsync<int>($"SELECT attempts FROM etl.owed_trade WHERE tid = {tid} AND resolved_at IS NULL");
        Assert.True(attempts >= 4, $"attempts {attempts}");
        var waitSeconds = await database.ScalarAsync<long>(
            $"SELECT extract(epoch FROM next_attempt_at - last_attempt_at)::bigint FROM etl.owed_trade WHERE tid = {tid} AND resolved_at IS NULL");
        Assert.Equal((long)TaobaoEtl.State.OwedBackoff.Default.DelayAfter(attempts).TotalSeconds, waitSeconds);
        Assert.Equal(watermarks, await database.ScalarAsync<long>("SELECT count(*) FROM etl.sync_state"));
        Assert.Equal(0, await CountInStagingAsync(database, tid));
    }

    [Fact]
    public async Task Refetch_takes_the_owed_trades_by_default_whatever_their_backoff_and_never_reads_the_platform_clock()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var proxy = new FaultingGateway(FaultingGateway.CallerError);
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 11, 0, 0));
        await using var harness = await SyncHarness.StartAsync(database, seed: 24, FaultOptions.Clean(), backfillDays: 1,
            gateway: sim => { proxy.Target = sim; return proxy.Url; }, runClock: clock);
        await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);
        var tid = Assert.Single(proxy.Faulted);
        var owner = await database.ScalarAsync<string>($"SELECT shop_id FROM etl.owed_trade WHERE tid = {tid} AND resolved_at IS NULL");
        var shop = harness.Shops.Single(s => s.ShopId == owner);

        var refetch = harness.Refetch();
        var tids = await refetch.OwedTidsAsync(shop.ShopId, CancellationToken.None);
        Assert.Equal([tid], tids);
        var summary = await refetch.RefetchAsync(shop, tids, CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(summary.Error);
        Assert.Equal(ExitCode.Ok, summary.ExitCode);
        Assert.Equal(1, summary.Owed.Resolved);
        Assert.Equal(1, await CountInStagingAsync(database, tid));
        Assert.DoesNotContain(summary.ApiCalls.Keys, key => key.StartsWith("time.get", StringComparison.Ordinal));
        Assert.Equal(1, summary.ApiCalls["trade.fullinfo.get:success"]);
    }

    [Fact]
    public async Task A_configured_secret_the_platform_echoes_in_a_refusal_never_reaches_the_database()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var password = "pw-planted-" + Guid.NewGuid().ToString("N");
        string[] echoed = [password];
        await using var proxy = new FaultingGateway(tid =>
            $$$"""{"error_response":{"code":15,"msg":"Remote service error {{{echoed[0]}}}","sub_code":"isv.trade-not-exist-{{{echoed[0]}}}","sub_msg":"trade {{{tid}}} refused: {{{string.Join(" ", echoed)}}}","request_id":"req-{{{echoed[0]}}}"}}""");
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 11, 0, 0));
        await using var harness = await SyncHarness.StartAsync(database, seed: 26, FaultOptions.Clean(), backfillDays: 1,
            gateway: sim => { proxy.Target = sim; return proxy.Url; }, runClock: clock,
            redactor: sim => TaobaoEtl.Configuration.SecretRedactor.FromSettings(
            [
                new("Top:AppSecret", sim.AppSecret),
                new("Database:ConnectionString", $"Host=127.0.0.1;Password={password}"),
                .. sim.Shops.Select((shop, i) => new KeyValuePair<string, string?>($"Shops:{i}:Session", shop.Session)),
            ]));
        // The platform echoes every shop's session and the app secret too (the client masks only its own request's).
        echoed = [password, .. harness.Sim.Shops.Select(shop => shop.Session), harness.Sim.AppSecret];

        var backfill = await harness.Run.BackfillAsync(harness.Shops, CancellationToken.None).WaitAsync(NoHang);
        Assert.Null(backfill.Error);
        Assert.Single(proxy.Faulted);
        Assert.Equal(1, backfill.DeadLetters);

        var texts = await database.ScalarAsync<string>("""
            SELECT concat_ws(' | ',
                (SELECT string_agg(concat_ws(' ', code, sub_code, sub_msg, request_id), ' ') FROM etl.dead_letter),
                (SELECT string_agg(last_error, ' ') FROM etl.owed_trade),
                (SELECT string_agg(reason, ' ') FROM etl.quarantine),
                (SELECT string_agg(message, ' ') FROM etl.run))
            """);
        Assert.Contains("***", texts, StringComparison.Ordinal);
        foreach (var secret in echoed) Assert.DoesNotContain(secret, texts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refetch_writes_in_batches_of_the_configured_size_like_the_run()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var harness = await SyncHarness.StartAsync(database, seed: 25, FaultOptions.Clean(), backfillDays: 1,
            configure: sync => sync.BatchSize = 2);
        await harness.BackfillAsync();
        var shop = harness.Shops[0];
        var tids = new List<long>();
        await using (var command = database.DataSource.CreateCommand($"SELECT tid FROM staging.sales_order WHERE shop_id = '{shop.ShopId}' ORDER BY tid LIMIT 5"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tids.Add(reader.GetInt64(0));
        Assert.Equal(5, tids.Count);
        var commits = new SinkCommitCounter();

        var refetch = harness.Refetch(commits);
        var summary = await refetch.RefetchAsync(shop, tids, CancellationToken.None).WaitAsync(NoHang);

        Assert.Null(summary.Error);
        Assert.Equal(5, summary.DetailCalls);
        // Sync:BatchSize 2: five trades commit in three batches (a hard-coded size would commit them in one).
        Assert.Equal(3, commits.Count);
    }

    /// <summary>Counts the sink's commits (event 5002 of <c>CopySinkLog</c>).</summary>
    private sealed class SinkCommitCounter : Microsoft.Extensions.Logging.ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 5002) Interlocked.Increment(ref _count);
        }
    }

    private static Task<long> CountInStagingAsync(PostgresDatabase database, long tid) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM staging.sales_order WHERE tid = {tid}");
}
