using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow.Stages;
using TaobaoEtl.State;
using TaobaoEtl.Streams;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Flow;

/// <summary>
/// One run of a command over a set of shops: opens its <c>etl.run</c> row, takes each shop's sync lock
/// (per shop, stream and kind of work, all on one connection), plans the windows from the committed state
/// and the platform clock, runs <see cref="SyncPipeline"/> over all of them, and closes the row with the
/// tally. A condition of one shop (its lock held by another run, its watermark behind the platform's
/// horizon, its session refused) stops that shop alone, named in <see cref="RunSummary.ShopStops"/>, and
/// decides the exit code once the other shops are done. A run that stops (quota, outage, kill) keeps what
/// it committed; the next run plans again from the committed state.
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
    private readonly SecretRedactor _redactor;

    public SyncRun(TopClient client, NpgsqlDataSource dataSource, SyncOptions sync, int callsPerSecond, IClock clock,
        TimeProvider timeProvider, ILogger<SyncRun> logger, SecretRedactor redactor)
    {
        // Masks the configured secrets in every text the run stores (quarantine, dead letters, owed, the run row).
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
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
        BackfillAsync(shops, StreamSpec.All, cancellationToken);

    /// <summary>The backfill of the given streams: trades by the day they were created, refunds by the day they last changed.</summary>
    public Task<RunSummary> BackfillAsync(IReadOnlyList<SyncShop> shops, IReadOnlyList<StreamSpec> streams, CancellationToken cancellationToken) =>
        RunAsync("backfill", WindowKind.BackfillDay, shops, streams, PlanBackfillAsync, cancellationToken);

    /// <summary>One increment pass [seed]: [watermark − look-back, platform now) in slices, for trades and refunds.</summary>
    public Task<RunSummary> IncrementAsync(IReadOnlyList<SyncShop> shops, CancellationToken cancellationToken) =>
        IncrementAsync(shops, StreamSpec.All, cancellationToken);

    /// <summary>One increment pass of the given streams, each from its own watermark.</summary>
    public Task<RunSummary> IncrementAsync(IReadOnlyList<SyncShop> shops, IReadOnlyList<StreamSpec> streams, CancellationToken cancellationToken) =>
        RunAsync("increment", WindowKind.IncrementSlice, shops, streams, PlanIncrementAsync, cancellationToken);

    // Trades: a window per day by created, from the horizon. Refunds have no list by created: a window per day by modified over
    // the same days (a refund changes after its trade was created, so every refund of a backfilled trade changed in them or
    // later, where the increment takes over), each paged back to front with the settle rule like a slice.
    private async Task<ShopPlan> PlanBackfillAsync(SyncShop shop, StreamSpec stream, Instant platformNow, CancellationToken cancellationToken)
    {
        var watermark = await _state.EnsureWatermarkAsync(shop.ShopId, stream.Stream, IncrementSlicer.InitialWatermark(platformNow), cancellationToken);
        // A watermark behind the horizon stops every increment (exit 66, "run a backfill"): this backfill lists
        // everything since the horizon, so from the horizon on the increment can list by modified again.
        var horizon = PlatformHorizon.Of(platformNow);
        if (watermark < horizon && await _state.RebaseBehindHorizonAsync(shop.ShopId, stream.Stream, horizon, cancellationToken))
            ShopLog.Rebased(_logger, shop.ShopId, stream.Name, PlatformTime.Format(watermark), PlatformTime.Format(horizon));
        var days = BackfillCalendar.Days(shop.ShopId, platformNow, _sync.BackfillDays, stream.Stream);
        var done = await _state.ReadDoneBackfillDaysAsync(shop.ShopId, stream.Stream, cancellationToken);
        return new ShopPlan(BackfillCalendar.Remaining(days, done), null);
    }

    private async Task<ShopPlan> PlanIncrementAsync(SyncShop shop, StreamSpec stream, Instant platformNow, CancellationToken cancellationToken)
    {
        // Slices a killed run left behind will never finish: the pass re-plans from the watermark.
        await _ledger.AbandonUnfinishedSlicesAsync(shop.ShopId, stream.Stream, cancellationToken);
        var watermark = await _state.EnsureWatermarkAsync(shop.ShopId, stream.Stream,
            IncrementSlicer.InitialWatermark(platformNow), cancellationToken);
        var horizon = PlatformHorizon.Of(platformNow);
        if (watermark < horizon)
        {
            // The platform refuses every slice before its horizon, on every pass: say so instead of failing quietly.
            var message = $"shop {shop.ShopId}: the {stream.Name} watermark {PlatformTime.Format(watermark)} is behind the platform's horizon " +
                $"{PlatformTime.Format(horizon)} (it lists the last 3 calendar months only): the {stream.Name} increment stops for this shop: run a backfill";
            ShopLog.BehindHorizon(_logger, message);
            return new ShopPlan([], new ShopStop(shop.ShopId, ShopStopReason.BehindHorizon, message));
        }

        var span = new IncrementSlicer(_sync).Plan(shop.ShopId, watermark, platformNow, stream.Stream);
        FlowLog.IncrementPlanned(_logger, shop.ShopId, stream.Name, PlatformTime.Format(span.Start), PlatformTime.Format(span.PlatformNow),
            span.LookBack.ToString(), span.Peak);
        return new ShopPlan(span.Slices, null);
    }

    /// <summary>A shop's windows of one stream, or why that stream of it is not synced by this run.</summary>
    private sealed record ShopPlan(IReadOnlyList<TradeWindow> Windows, ShopStop? Stop);

    private async Task<RunSummary> RunAsync(string command, WindowKind work, IReadOnlyList<SyncShop> shops, IReadOnlyList<StreamSpec> streams,
        Func<SyncShop, StreamSpec, Instant, CancellationToken, Task<ShopPlan>> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shops);
        ArgumentNullException.ThrowIfNull(streams);
        if (shops.Count == 0) throw new ArgumentException("A run needs at least one shop.", nameof(shops));
        if (streams.Count == 0) throw new ArgumentException("A run needs at least one stream.", nameof(streams));
        var journal = new RunJournal(_dataSource);
        var runId = await journal.StartAsync(shops.Count == 1 ? shops[0].ShopId : null, command, cancellationToken);
        var counters = new RunCounters();
        Current = counters;
        var before = _client.Counters.Snapshot();
        var started = _time.GetTimestamp();
        var planned = 0;
        var stops = new List<ShopStop>();
        ShopSyncLocks? locks = null;
        // The (shop, stream) pairs whose lock this run took: their due owed ids are retried; their shops' owed are tallied.
        var locked = new List<(SyncShop Shop, StreamSpec Stream)>();
        Instant? runPlatformNow = null;
        Exception? error = null;
        try
        {
            var platformNow = (await _client.GetTimeAsync(cancellationToken)).Time;
            runPlatformNow = platformNow;
            // One connection holds every shop's lock for the run: a pooled connection per shop would starve the sinks.
            locks = await ShopSyncLocks.OpenAsync(_dataSource, cancellationToken);
            var windows = new List<WindowProgress>();
            var synced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var shop in shops)
            {
                await _state.EnsureShopAsync(shop.ShopId, shop.SellerNick, cancellationToken);
                foreach (var stream in streams.Distinct())
                {
                    if (!await locks.TryAcquireAsync(shop.ShopId, stream.Stream, work, cancellationToken))
                    {
                        var message = $"shop {shop.ShopId}: another {command} of its {stream.Name} is running (its {LedgerName(work)} lock is held): " +
                            $"no {stream.Name} were synced for it by this run; run again later";
                        ShopLog.Locked(_logger, message);
                        stops.Add(new ShopStop(shop.ShopId, ShopStopReason.Locked, message));
                        continue;
                    }

                    locked.Add((shop, stream));
                    var shopPlan = await plan(shop, stream, platformNow, cancellationToken);
                    if (shopPlan.Stop is { } stop)
                    {
                        stops.Add(stop);
                        continue;
                    }

                    await _ledger.PlanAsync(shopPlan.Windows, runId, cancellationToken);
                    FlowLog.Planned(_logger, command, shopPlan.Windows.Count, stream.Name, shop.ShopId);
                    windows.AddRange(shopPlan.Windows.Select(window => new WindowProgress(shop, window, runId)));
                    if (shopPlan.Windows.Count > 0) synced.Add(shop.ShopId);
                }
            }

            planned = windows.Count;
            counters.WindowsPlannedAdd(planned);
            // Every run retries the owed ids that are due, as one more intake of the same detail path as the windows' ids,
            // so an id refused once is back in staging on a later run without anyone running refetch.
            var owedRetries = await DueOwedAsync(locked, cancellationToken);
            var pipeline = new SyncPipeline(_client, _dataSource, _sync, FetchConcurrency.From(_sync.DetailConcurrency, _callsPerSecond), _clock, _time,
                _logger, counters, _redactor);
            // A shop whose session is refused (code 27) on a window or an owed retry is stopped alone: what it fetched is
            // committed, it is marked for re-authorization, and the other shops go on.
            var refused = await pipeline.RunAsync(windows, owedRetries, runId, cancellationToken);
            stops.AddRange(refused);
            foreach (var stop in refused)
                await _state.MarkReauthorizeAsync(stop.ShopId, _clock.GetCurrentInstant(), cancellationToken);
            var refusedIds = refused.Select(stop => stop.ShopId).ToHashSet(StringComparer.Ordinal);
            // A shop whose every window and owed retry went through with its session is authorized again.
            await _state.ClearReauthorizeAsync([.. synced.Where(shopId => !refusedIds.Contains(shopId))], cancellationToken);
        }
        catch (Exception ex)
        {
            // Kept as a value: the summary and the run row report it, then the caller rethrows it.
            error = ex;
        }
        finally
        {
            if (locks is not null) await locks.DisposeAsync();
            Current = null;
        }

        var lockedShops = locked.Select(pair => pair.Shop).Distinct().ToList();
        var owed = await TallyOwedAsync(lockedShops, runId, error);
        var daysOwed = work == WindowKind.IncrementSlice && runPlatformNow is { } now
            ? await CountOwedBackfillDaysAsync(locked, now, error)
            : 0;
        var (status, exitCode, why) = RunOutcome.Decide(error, counters.WindowsFailed, owed.OpenTrades, daysOwed, owed.OpenRefunds);
        // Without an error, a shop stopped alone (session refused, behind the horizon, lock held) names the more
        // actionable code; what is owed is still said in the summary and the run row.
        if (error is null && ShopStop.ExitCodeOf(stops) is { } stopped) (status, exitCode) = (RunStatus.Stopped, stopped);
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
            SinkTransactions = counters.Batches,
            ApiCalls = RunSummary.CallsBetween(before, _client.Counters.Snapshot()),
            Duration = Duration.FromTimeSpan(_time.GetElapsedTime(started)),
            StageBusy = counters.StageBusy,
            ShopStops = stops,
            Owed = owed,
            ExitReason = why,
            Error = error,
        };

        try
        {
            await journal.FinishAsync(runId, status, (int)exitCode, summary.ToTally(), RunMessage.Of(error, stops, why, _redactor), CancellationToken.None);
        }
        catch (NpgsqlException ex) when (error is not null)
        {
            // The database may be what stopped the run; the run's own error is the one to report.
            FlowLog.RunNotClosed(_logger, ex, runId);
        }

        return summary;
    }

    private static string LedgerName(WindowKind work) => work == WindowKind.BackfillDay ? "backfill" : "increment";

    /// <summary>Most owed trades retried in one run per shop; the rest wait for the next run (the longest waiting go first).</summary>
    public const int OwedRetriesPerRun = 5000;

    // The owed ids due now, per (shop, stream) whose lock this run holds. The run's clock (not the platform's) times the
    // backoff, as it timed the failed attempts; the longest waiting go first, at most OwedRetriesPerRun per shop and stream.
    private async Task<IReadOnlyList<RefetchRequest>> DueOwedAsync(IReadOnlyList<(SyncShop Shop, StreamSpec Stream)> locked,
        CancellationToken cancellationToken)
    {
        var book = new OwedTradeBook(_dataSource);
        var due = new List<RefetchRequest>();
        foreach (var (shop, stream) in locked)
        {
            var ids = await book.DueAsync(shop.ShopId, stream.Stream, _clock.GetCurrentInstant(), OwedRetriesPerRun, cancellationToken);
            if (ids.Count == 0) continue;
            OwedLog.Retrying(_logger, shop.ShopId, ids.Count, stream.Name);
            due.Add(new RefetchRequest(shop, stream, ids));
        }

        return due;
    }

    // A backfill run re-plans its failed and unfinished days itself (and counts them when they fail again); every other
    // run reports the ones an earlier backfill left, so none of them exits 0 while a day of orders is owed.
    private async Task<long> CountOwedBackfillDaysAsync(IReadOnlyList<(SyncShop Shop, StreamSpec Stream)> locked, Instant platformNow,
        Exception? error)
    {
        try
        {
            long owed = 0;
            foreach (var group in locked.GroupBy(pair => pair.Stream))
            {
                owed += await _ledger.CountOwedBackfillDaysAsync([.. group.Select(pair => pair.Shop.ShopId)], group.Key.Stream,
                    PlatformHorizon.Of(platformNow), CancellationToken.None);
            }

            // A shop backfilled before refunds were synced has trade days done and no refund day at all: its refund increment
            // starts from today, so every refund changed before is owed until a refund backfill runs. Its trade days are the
            // refund days owed.
            foreach (var (shop, _) in locked.Where(pair => pair.Stream.Stream == SyncStream.Refund))
            {
                if ((await _state.ReadDoneBackfillDaysAsync(shop.ShopId, SyncStream.Refund, CancellationToken.None)).Count > 0) continue;
                var tradeDays = (await _state.ReadDoneBackfillDaysAsync(shop.ShopId, SyncStream.Trade, CancellationToken.None)).Count;
                if (tradeDays == 0) continue;
                ShopLog.RefundBackfillOwed(_logger, shop.ShopId, tradeDays);
                owed += tradeDays;
            }

            return owed;
        }
        catch (NpgsqlException) when (error is not null)
        {
            return 0;
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

}
