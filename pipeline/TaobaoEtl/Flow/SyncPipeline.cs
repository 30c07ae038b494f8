using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Fetch;
using TaobaoEtl.Flow.Stages;
using TaobaoEtl.State;
using TaobaoEtl.Streams;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// The staged pipeline of design.md §1, every block bounded so backpressure runs end to end: intakes hand ids with a
/// ticket (<see cref="IDetailTicket"/>) to ONE detail path, whatever the source of the ids.
/// <code>
/// windows ─► TidPager ─► KnownFilter ─┐
///           (plans)     (1 query/page) ├─► DetailFetch ─► Normalizer ─► BatchBlock ─► SinkStage ─► tickets
/// refetch / owed retry ───────────────┘   (quota-sized)               (size | age)   (ParallelSinks)
/// </code>
/// One cancellation source per run is cancelled by the first fault, so no producer waits on a dead
/// consumer; the first fault is what <see cref="RunAsync"/> throws, after every block has ended.
/// </summary>
public sealed class SyncPipeline
{
    /// <summary>Windows listed at the same time (each one's pages are sequential by the platform's rules).</summary>
    public const int ListConcurrency = 4;

    private readonly TopClient _client;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SyncOptions _sync;
    private readonly int _detailConcurrency;
    private readonly IClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RunCounters _counters;

    private readonly SecretRedactor _redactor;

    /// <param name="detailConcurrency">Detail calls in flight at once (<see cref="FetchConcurrency.From"/>).</param>
    public SyncPipeline(TopClient client, NpgsqlDataSource dataSource, SyncOptions sync, int detailConcurrency, IClock clock,
        TimeProvider timeProvider, ILogger logger, RunCounters counters, SecretRedactor redactor)
    {
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _sync = sync ?? throw new ArgumentNullException(nameof(sync));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(detailConcurrency);
        _detailConcurrency = detailConcurrency;
        _counters.UseTimestampFrequency(_time.TimestampFrequency);
    }

    /// <summary>
    /// Runs the windows and the refetches through one detail path; returns the shops it stopped alone (their session
    /// refused), the others having finished. A refetch's ids are fetched whatever their stored copy (no known filter).
    /// </summary>
    public async Task<IReadOnlyList<ShopStop>> RunAsync(IReadOnlyList<WindowProgress> windows, IReadOnlyList<RefetchRequest> refetches,
        long? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(refetches);
        // Two scopes of cancellation. A fault of the intake (listing, filtering, fetching: a quota, a revoked
        // session, an outage) stops the intake only: what was already fetched still drains through the
        // normalizer into the sink, so the calls it cost are not wasted. A fault of the write side (or the
        // caller's cancellation) stops everything.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var intake = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        var faults = new FirstFault();
        // A third scope, per shop, inside the intake: one shop's refused session stops that shop only.
        using var shops = new ShopCancellation(intake.Token);

        var ledger = new WindowLedger(_dataSource);
        var closer = new WindowCloser(ledger, _counters, _logger);
        var sink = new SinkStage(_dataSource, _counters, _logger, _redactor);
        // Per stream: its list calls (and its overload pauses: a 520 names the service behind that list) and its stored versions.
        var listingLedger = new ListingLedger(ledger, closer, sink.WriteAloneAsync, _clock);
        var pagers = StreamSpec.All.ToDictionary(spec => spec.Stream,
            spec => new TidPager(spec.Lister(_client), listingLedger, _counters, PagerRules.From(_sync), _time, _logger));
        var knownFilters = StreamSpec.All.ToDictionary(spec => spec.Stream,
            spec => new KnownFilter(_dataSource, _sync.Testing.TrustDateHeader, spec.Stream));
        var fetch = new DetailFetch(_client, _counters, _clock, _logger);
        var normalizing = new DetailNormalizing(_counters, _clock, _logger, _sync.Testing.TrustDateHeader);

        var inFlight = new InFlightDetails();
        // One ticket per window, so a batch holding several of a window's trades enters it once (its checkpoint can ride).
        var tickets = windows.ToDictionary(window => window, window => new WindowTicket(window, closer, inFlight));

        // The one detail path.
        var sinkBlock = new ActionBlock<SinkItem[]>(
            items => TimedAsync(FlowStage.Sink, () => sink.WriteAsync(items, run.Token)),
            Options(_sync.ParallelSinks, _sync.ParallelSinks, run.Token));
        var batchBlock = new BatchBlock<SinkItem>(_sync.BatchSize, new GroupingDataflowBlockOptions
        {
            BoundedCapacity = _sync.BatchSize * 2,
            CancellationToken = run.Token,
        });
        var normalizeBlock = new TransformBlock<DetailAnswer, SinkItem>(
            answer => Timed(FlowStage.Normalize, () => normalizing.Normalize(answer)),
            Options(Math.Max(1, Environment.ProcessorCount), 256, run.Token));
        var fetchBlock = new TransformManyBlock<DetailOrder, DetailAnswer>(
            order => TimedAsync(FlowStage.Fetch, () => FetchOrStopAsync(fetch, order, faults, intake, shops)),
            Options(_detailConcurrency, _detailConcurrency * 2, run.Token));

        // The window pager's intake.
        var knownBlock = new ActionBlock<ListedPage>(
            page => TimedAsync(FlowStage.Filter,
                () => FilterAsync(knownFilters[page.Window.Window.Stream], closer, inFlight, tickets[page.Window], page, fetchBlock, intake.Token)),
            Options(1, 4, intake.Token));
        var pagerBlock = new ActionBlock<WindowProgress>(
            window => TimedAsync(FlowStage.List, () => ListOrStopShopAsync(pagers[window.Window.Stream], window, knownBlock, intake, shops)),
            Options(ListConcurrency, ListConcurrency, intake.Token));

        BlockLink.Forward(pagerBlock, knownBlock);
        BlockLink.Link(fetchBlock, normalizeBlock);
        BlockLink.Link(normalizeBlock, batchBlock);
        BlockLink.Link(batchBlock, sinkBlock);
        // The stages with an output buffer: once the run is cancelled (a write-side fault, the caller), what they hold is
        // dropped, or one completed just before (its producer done) would wait forever for the dead sink to take it.
        using var drainFetch = BlockLink.DrainWhenCancelled(fetchBlock, run.Token);
        using var drainNormalize = BlockLink.DrainWhenCancelled(normalizeBlock, run.Token);
        using var drainBatch = BlockLink.DrainWhenCancelled(batchBlock, run.Token);
        foreach (var block in new IDataflowBlock[] { pagerBlock, knownBlock, fetchBlock }) faults.Watch(block, intake);
        foreach (var block in new IDataflowBlock[] { normalizeBlock, batchBlock, sinkBlock }) faults.Watch(block, run);
        IDataflowBlock[] blocks = [pagerBlock, knownBlock, fetchBlock, normalizeBlock, batchBlock, sinkBlock];

        // Age flush: a partial batch waits at most FlushAge, so a window's last trades are not held back by
        // a quiet stretch of the run.
        using (_time.CreateTimer(_ => batchBlock.TriggerBatch(), null, _sync.FlushAge, _sync.FlushAge))
        {
            // Every intake feeds the detail path concurrently; it completes once all of them have ended, however they ended.
            var windowIntake = FeedWindowsAsync(windows, pagerBlock, knownBlock, intake.Token);
            var refetchIntake = FeedRefetchesAsync(refetches, runId, fetchBlock, intake.Token);
            _ = Task.WhenAll(windowIntake, refetchIntake).ContinueWith(_ => fetchBlock.Complete(),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                await Task.WhenAll(blocks.Select(block => block.Completion).Append(windowIntake).Append(refetchIntake));
            }
            catch (Exception) when (faults.Exception is not null || intake.IsCancellationRequested)
            {
                // Every block has ended; the first fault is the one to report.
            }
        }

        if (faults.Exception is { } first)
        {
            FlowLog.Stopping(_logger, first.Message);
            ExceptionDispatchInfo.Throw(first);
        }

        cancellationToken.ThrowIfCancellationRequested();
        run.Token.ThrowIfCancellationRequested();
        return [.. shops.Stopped.Keys.Order(StringComparer.Ordinal).Select(ShopStop.Reauthorize)];
    }

    // The window pager's intake: its windows into the pager, then waits for its filter to have sent every order on.
    private static async Task FeedWindowsAsync(IReadOnlyList<WindowProgress> windows, ActionBlock<WindowProgress> pagerBlock,
        ActionBlock<ListedPage> knownBlock, CancellationToken intake)
    {
        try
        {
            foreach (var window in windows)
            {
                if (!await pagerBlock.SendAsync(window, intake)) break;
            }
        }
        catch (OperationCanceledException) when (intake.IsCancellationRequested)
        {
            // A stage faulted (or the caller cancelled): stop feeding; the fault is thrown by the run.
        }

        pagerBlock.Complete();
        // Its end is the filter's (the pager forwards its completion), however that ended: the run reports the fault.
        await knownBlock.Completion.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    // The refetch intake: each request's ids, once each, straight to the detail fetch (no listing, no known filter).
    private static async Task FeedRefetchesAsync(IReadOnlyList<RefetchRequest> refetches, long? runId, ITargetBlock<DetailOrder> next,
        CancellationToken intake)
    {
        try
        {
            foreach (var request in refetches)
            {
                var ticket = new RefetchTicket(request.Shop, runId);
                foreach (var id in request.Ids.Distinct())
                {
                    Instant? listed = request.Listed is { } versions && versions.TryGetValue(id, out var modified) ? modified : null;
                    if (!await next.SendAsync(new DetailOrder(ticket, request.Stream, id, listed), intake)) return;
                }
            }
        }
        catch (OperationCanceledException) when (intake.IsCancellationRequested)
        {
            // A stage faulted (or the caller cancelled): stop feeding; the fault is thrown by the run.
        }
    }

    // A shop stopped alone: its windows not yet listed are left unfinished (the watermark waits for them),
    // the one being listed stops at its next call. Committed work of the shop stays.
    private async Task ListOrStopShopAsync(TidPager pager, WindowProgress window, ITargetBlock<ListedPage> next,
        CancellationTokenSource intake, ShopCancellation shops)
    {
        var shopId = window.Shop.ShopId;
        if (shops.IsStopped(shopId)) return;
        try
        {
            await pager.ListAsync(window, next, shops.TokenOf(shopId));
        }
        catch (TopException ex) when (ex.Kind == TopErrorKind.SessionInvalid)
        {
            StopShop(shops, shopId, ex);
        }
        catch (OperationCanceledException) when (shops.IsStopped(shopId) && !intake.IsCancellationRequested)
        {
            // Stopped by its own shop's refusal, seen on another of its windows or a detail call.
        }
    }

    private void StopShop(ShopCancellation shops, string shopId, TopException reason)
    {
        if (shops.Stop(shopId, reason)) ShopLog.SessionRefused(_logger, shopId);
    }

    // The fetch stage never faults: a fatal answer (quota, session, outage after retries) is recorded as the
    // run's fault and stops the intake, and the orders still queued are dropped unfetched (their windows stay
    // unfinished, so the next run lists them again), while answers already in hand flow on to the sink.
    // A refused session (code 27) stops that shop alone: its queued orders are dropped unfetched the same way.
    private async Task<IEnumerable<DetailAnswer>> FetchOrStopAsync(DetailFetch fetch, DetailOrder order, FirstFault faults,
        CancellationTokenSource intake, ShopCancellation shops)
    {
        var shopId = order.Ticket.Shop.ShopId;
        if (intake.IsCancellationRequested || shops.IsStopped(shopId)) return [];
        try
        {
            return [await fetch.FetchAsync(order, shops.TokenOf(shopId))];
        }
        catch (TopException ex) when (ex.Kind == TopErrorKind.SessionInvalid)
        {
            StopShop(shops, shopId, ex);
            return [];
        }
        catch (OperationCanceledException) when (intake.IsCancellationRequested || shops.IsStopped(shopId))
        {
            return [];
        }
        catch (Exception ex)
        {
            faults.Record(ex, intake);
            return [];
        }
    }

    // A trade another window of this run already sent to the fetch is not sent again (issue 15, loss path 11): it stays
    // pending in this window until that copy is committed (InFlightDetails), so no window is done early.
    private async Task FilterAsync(KnownFilter known, WindowCloser closer, InFlightDetails inFlight, WindowTicket ticket, ListedPage page,
        ITargetBlock<DetailOrder> next, CancellationToken cancellationToken)
    {
        var split = await known.SplitAsync(page.Window.Shop.ShopId, page.Trades, cancellationToken);
        _counters.Skipped(split.Skipped.Count);
        var platformNow = _clock.GetCurrentInstant() + _client.PlatformOffset;
        var toFetch = split.ToFetch.Where(trade => inFlight.Claim(page.Window, trade, platformNow)).ToList();
        _counters.Skipped(split.ToFetch.Count - toFetch.Count);
        if (page.Window.Skip(split.Skipped.Count))
            await closer.CloseAloneAsync(page.Window, cancellationToken);
        foreach (var trade in toFetch)
        {
            // A listing without modified (a backfill page may leave it out; the lister makes it the oldest instant) names no
            // version: owed, the trade waits for any stored copy, and the sink never stores an instant outside its range.
            var listedModified = trade.Modified == Instant.MinValue ? (Instant?)null : trade.Modified;
            if (!await next.SendAsync(new DetailOrder(ticket, StreamSpec.Of(page.Window.Window.Stream), trade.Tid, listedModified), cancellationToken))
                throw new OperationCanceledException("The detail fetch stopped taking trades.", cancellationToken);
        }
    }

    // Two timestamps and one Interlocked add per item: cheap beside a call, a page or a batch.
    private T Timed<T>(FlowStage stage, Func<T> work)
    {
        var started = _time.GetTimestamp();
        try
        {
            Probe(stage);
            return work();
        }
        finally
        {
            _counters.Busy(stage, _time.GetTimestamp() - started);
        }
    }

    private async Task TimedAsync(FlowStage stage, Func<Task> work)
    {
        var started = _time.GetTimestamp();
        try
        {
            Probe(stage);
            await work();
        }
        finally
        {
            _counters.Busy(stage, _time.GetTimestamp() - started);
        }
    }

    private async Task<T> TimedAsync<T>(FlowStage stage, Func<Task<T>> work)
    {
        var started = _time.GetTimestamp();
        try
        {
            Probe(stage);
            return await work();
        }
        finally
        {
            _counters.Busy(stage, _time.GetTimestamp() - started);
        }
    }

    // Test-only (Sync:Testing:FailStage): the stage's first item throws, so a test can fault each stage in turn.
    private void Probe(FlowStage stage)
    {
        if (_sync.Testing.FailStage == stage) throw new InjectedStageFault(stage);
    }

    private static ExecutionDataflowBlockOptions Options(int parallelism, int capacity, CancellationToken token) => new()
    {
        MaxDegreeOfParallelism = parallelism,
        BoundedCapacity = Math.Max(capacity, parallelism),
        CancellationToken = token,
        EnsureOrdered = false,
        SingleProducerConstrained = false,
    };

    /// <summary>Keeps the first exception of the run, and cancels the scope it happened in at that moment.</summary>
    private sealed class FirstFault
    {
        private Exception? _first;

        public Exception? Exception => Volatile.Read(ref _first);

        public void Record(Exception fault, CancellationTokenSource scope)
        {
            Interlocked.CompareExchange(ref _first, fault, null);
            try
            {
                scope.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run already ended; nothing left to stop.
            }
        }

        public void Watch(IDataflowBlock block, CancellationTokenSource scope) =>
            block.Completion.ContinueWith(completion =>
            {
                if (!completion.IsFaulted) return;
                var fault = completion.Exception!.Flatten().InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException)
                    ?? completion.Exception.GetBaseException();
                Record(fault, scope);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
