using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.State;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Flow;

/// <summary>
/// One run of a command over a set of shops: opens its <c>etl.run</c> row, takes each shop's sync lock,
/// plans the windows from the committed state and the platform clock, runs <see cref="SyncPipeline"/>
/// over all of them, and closes the row with the tally. A run that stops (quota, session, outage, kill)
/// keeps what it committed; the next run plans again from the committed state.
/// </summary>
public sealed class SyncRun
{
    private readonly TopClient _client;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SyncOptions _sync;
    private readonly int _callsPerSecond;
    private readonly IClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SyncStateStore _state;
    private readonly WindowLedger _ledger;

    public SyncRun(TopClient client, NpgsqlDataSource dataSource, SyncOptions sync, int callsPerSecond, IClock clock,
        TimeProvider timeProvider, ILogger<SyncRun> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _sync = sync ?? throw new ArgumentNullException(nameof(sync));
        _callsPerSecond = callsPerSecond;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _state = new SyncStateStore(dataSource);
        _ledger = new WindowLedger(dataSource);
    }

    /// <summary>Live counts of the run in progress (for a progress display); null between runs.</summary>
    public RunCounters? Current { get; private set; }

    /// <summary>
    /// The backfill [seed]: one window per platform day of the configured days before today 00:00, minus
    /// the days the ledger holds as done. Sets the watermark to today 00:00 if the shop has none, so the
    /// increment starts where the backfill ends.
    /// </summary>
    public Task<RunSummary> BackfillAsync(IReadOnlyList<SyncShop> shops, CancellationToken cancellationToken) =>
        RunAsync("backfill", shops, PlanBackfillAsync, cancellationToken);

    /// <summary>One increment pass [seed]: [watermark − look-back, platform now) in slices.</summary>
    public Task<RunSummary> IncrementAsync(IReadOnlyList<SyncShop> shops, CancellationToken cancellationToken) =>
        RunAsync("increment", shops, PlanIncrementAsync, cancellationToken);

    private async Task<IReadOnlyList<TradeWindow>> PlanBackfillAsync(SyncShop shop, Instant platformNow, CancellationToken cancellationToken)
    {
        await _state.EnsureWatermarkAsync(shop.ShopId, SyncStream.Trade, IncrementSlicer.InitialWatermark(platformNow), cancellationToken);
        var days = BackfillCalendar.Days(shop.ShopId, platformNow, _sync.BackfillDays);
        var done = await _state.ReadDoneBackfillDaysAsync(shop.ShopId, SyncStream.Trade, cancellationToken);
        return BackfillCalendar.Remaining(days, done);
    }

    private async Task<IReadOnlyList<TradeWindow>> PlanIncrementAsync(SyncShop shop, Instant platformNow, CancellationToken cancellationToken)
    {
        // Slices a killed run left behind will never finish: the pass re-plans from the watermark.
        await _ledger.AbandonUnfinishedSlicesAsync(shop.ShopId, SyncStream.Trade, cancellationToken);
        var watermark = await _state.EnsureWatermarkAsync(shop.ShopId, SyncStream.Trade,
            IncrementSlicer.InitialWatermark(platformNow), cancellationToken);
        var span = new IncrementSlicer(_sync).Plan(shop.ShopId, watermark, platformNow);
        FlowLog.IncrementPlanned(_logger, shop.ShopId, Windows.PlatformTime.Format(span.Start), Windows.PlatformTime.Format(span.PlatformNow),
            span.LookBack.ToString(), span.Peak);
        return span.Slices;
    }

    private async Task<RunSummary> RunAsync(string command, IReadOnlyList<SyncShop> shops,
        Func<SyncShop, Instant, CancellationToken, Task<IReadOnlyList<TradeWindow>>> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shops);
        if (shops.Count == 0) throw new ArgumentException("A run needs at least one shop.", nameof(shops));
        var journal = new RunJournal(_dataSource);
        var runId = await journal.StartAsync(shops.Count == 1 ? shops[0].ShopId : null, command, cancellationToken);
        var counters = new RunCounters();
        Current = counters;
        var before = _client.Counters.Snapshot();
        var started = _time.GetTimestamp();
        var planned = 0;
        var locks = new List<ShopSyncLock>();
        var synced = new List<SyncShop>();
        Exception? error = null;
        try
        {
            var platformNow = (await _client.GetTimeAsync(cancellationToken)).Time;
            var windows = new List<WindowProgress>();
            foreach (var shop in shops)
            {
                await _state.EnsureShopAsync(shop.ShopId, shop.SellerNick, cancellationToken);
                var shopLock = await ShopSyncLock.TryAcquireAsync(_dataSource, shop.ShopId, SyncStream.Trade, cancellationToken);
                if (shopLock is null)
                {
                    FlowLog.Locked(_logger, shop.ShopId, "trade");
                    continue;
                }

                locks.Add(shopLock);
                synced.Add(shop);
                var shopWindows = await plan(shop, platformNow, cancellationToken);
                await _ledger.PlanAsync(shopWindows, runId, cancellationToken);
                FlowLog.Planned(_logger, command, shopWindows.Count, shop.ShopId);
                windows.AddRange(shopWindows.Select(window => new WindowProgress(shop, window, runId)));
            }

            planned = windows.Count;
            counters.WindowsPlannedAdd(planned);
            var pipeline = new SyncPipeline(_client, _dataSource, _sync, _callsPerSecond, _clock, _time, _logger, counters);
            await pipeline.RunAsync(windows, cancellationToken);
            await RetryOwedAsync(synced, runId, counters, pipeline.DetailConcurrency, cancellationToken);
        }
        catch (Exception ex)
        {
            // Kept as a value: the summary and the run row report it, then the caller rethrows it.
            error = ex;
        }
        finally
        {
            foreach (var shopLock in locks) await shopLock.DisposeAsync();
            Current = null;
        }

        var owed = await TallyOwedAsync(synced, runId, error);
        var (status, exitCode, why) = RunOutcome.Decide(error, counters.WindowsFailed, owed.Open);
        var summary = new RunSummary
        {
            Command = command,
            RunId = runId,
            Status = status,
            ExitCode = exitCode,
            WindowsPlanned = planned,
            WindowsDone = counters.WindowsDone,
            WindowsFailed = counters.WindowsFailed,
            Pages = counters.Pages,
            TidsListed = counters.TidsListed,
            DetailCalls = counters.DetailCalls,
            SkippedKnown = counters.SkippedKnown,
            DeadLetters = counters.DeadLetters,
            Quarantined = counters.Quarantined,
            Sink = counters.Sink,
            ApiCalls = RunSummary.CallsBetween(before, _client.Counters.Snapshot()),
            Duration = Duration.FromTimeSpan(_time.GetElapsedTime(started)),
            StageBusy = counters.StageBusy,
            Owed = owed,
            ExitReason = why,
            Error = error,
        };

        try
        {
            await journal.FinishAsync(runId, status, (int)exitCode, summary.ToTally(), error is null ? why : Describe(error), CancellationToken.None);
        }
        catch (NpgsqlException ex) when (error is not null)
        {
            // The database may be what stopped the run; the run's own error is the one to report.
            _logger.LogWarning(ex, "Run {RunId} could not be closed in etl.run", runId);
        }

        return summary;
    }

    /// <summary>Most owed trades retried in one run per shop; the rest wait for the next run (the longest waiting go first).</summary>
    public const int OwedRetriesPerRun = 5000;

    // Every run retries the owed trades that are due, through the same detail path and sink as the windows' trades,
    // so a trade refused once is back in staging on a later run without anyone running refetch. The run's clock
    // (not the platform's) times the backoff, as it timed the failed attempts.
    private async Task RetryOwedAsync(IReadOnlyList<SyncShop> shops, long runId, RunCounters counters, int concurrency, CancellationToken cancellationToken)
    {
        var book = new OwedTradeBook(_dataSource);
        var retry = new TidFetchBatch(new DetailFetch(_client, counters, _clock, _logger), new TradeNormalizing(counters, _clock, _logger),
            _dataSource, concurrency, _sync.BatchSize, counters, _logger);
        foreach (var shop in shops)
        {
            var due = await book.DueAsync(shop.ShopId, _clock.GetCurrentInstant(), OwedRetriesPerRun, cancellationToken);
            if (due.Count == 0) continue;
            OwedLog.Retrying(_logger, shop.ShopId, due.Count);
            await retry.RunAsync(shop, due, runId, cancellationToken);
        }
    }

    private async Task<OwedTally> TallyOwedAsync(IReadOnlyList<SyncShop> shops, long runId, Exception? error)
    {
        try
        {
            var tally = await new OwedTradeBook(_dataSource).TallyAsync([.. shops.Select(s => s.ShopId)], runId, CancellationToken.None);
            if (tally.Open > 0) OwedLog.LeftOwed(_logger, tally.Open, tally.New, tally.Resolved);
            return tally;
        }
        catch (NpgsqlException ex) when (error is not null)
        {
            // The database may be what stopped the run; the run's own error decides its exit code.
            OwedLog.TallyFailed(_logger, ex, runId);
            return OwedTally.None;
        }
    }

    private static string Describe(Exception error) => error switch
    {
        TopException top => top.Message,
        OperationCanceledException => "cancelled; committed work is kept",
        _ => error.GetType().Name + ": " + error.Message,
    };
}
