using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Fetch;
using TaobaoEtl.State;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// The staged pipeline of design.md §1, every block bounded so backpressure runs end to end:
/// <code>
/// windows ─► TidPager ─► KnownFilter ─► DetailFetch ─► Normalizer ─► BatchBlock ─► SinkStage
///           (plans)     (1 query/page)  (quota-sized)               (size | age)   (ParallelSinks)
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

    public SyncPipeline(TopClient client, NpgsqlDataSource dataSource, SyncOptions sync, int callsPerSecond, IClock clock,
        TimeProvider timeProvider, ILogger logger, RunCounters counters)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _sync = sync ?? throw new ArgumentNullException(nameof(sync));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _detailConcurrency = FetchConcurrency.From(sync.DetailConcurrency, callsPerSecond);
        _counters.UseTimestampFrequency(_time.TimestampFrequency);
    }

    public int DetailConcurrency => _detailConcurrency;

    public async Task RunAsync(IReadOnlyList<WindowProgress> windows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        // Two scopes of cancellation. A fault of the intake (listing, filtering, fetching: a quota, a revoked
        // session, an outage) stops the intake only: what was already fetched still drains through the
        // normalizer into the sink, so the calls it cost are not wasted. A fault of the write side (or the
        // caller's cancellation) stops everything.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var intake = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        var faults = new FirstFault();

        var ledger = new WindowLedger(_dataSource);
        var closer = new WindowCloser(ledger, _counters, _logger);
        var sink = new SinkStage(_dataSource, closer, _counters, _logger);
        var pager = new TidPager(_client, ledger, closer, _counters, sink.WriteAloneAsync, _clock, _sync.MaxSlicePasses, _sync.Testing.IncrementPagingFrontToBack, _logger);
        var known = new KnownFilter(_dataSource);
        var fetch = new DetailFetch(_client, _counters, _clock, _logger);
        var normalizing = new TradeNormalizing(_counters, _clock, _logger);

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
            order => TimedAsync(FlowStage.Fetch, () => FetchOrStopAsync(fetch, order, faults, intake)),
            Options(_detailConcurrency, _detailConcurrency * 2, run.Token));
        var knownBlock = new ActionBlock<ListedPage>(
            page => TimedAsync(FlowStage.Filter, () => FilterAsync(known, closer, page, fetchBlock, intake.Token)),
            Options(1, 4, intake.Token));
        var pagerBlock = new ActionBlock<WindowProgress>(
            window => TimedAsync(FlowStage.List, () => pager.ListAsync(window, knownBlock, intake.Token)),
            Options(ListConcurrency, ListConcurrency, intake.Token));

        BlockLink.Forward(pagerBlock, knownBlock);
        BlockLink.Forward(knownBlock, fetchBlock);
        BlockLink.Link(fetchBlock, normalizeBlock);
        BlockLink.Link(normalizeBlock, batchBlock);
        BlockLink.Link(batchBlock, sinkBlock);
        foreach (var block in new IDataflowBlock[] { pagerBlock, knownBlock, fetchBlock }) faults.Watch(block, intake);
        foreach (var block in new IDataflowBlock[] { normalizeBlock, batchBlock, sinkBlock }) faults.Watch(block, run);
        IDataflowBlock[] blocks = [pagerBlock, knownBlock, fetchBlock, normalizeBlock, batchBlock, sinkBlock];

        // Age flush: a partial batch waits at most FlushAge, so a window's last trades are not held back by
        // a quiet stretch of the run.
        using (_time.CreateTimer(_ => batchBlock.TriggerBatch(), null, _sync.FlushAge, _sync.FlushAge))
        {
            try
            {
                foreach (var window in windows)
                {
                    if (!await pagerBlock.SendAsync(window, intake.Token)) break;
                }
            }
            catch (OperationCanceledException) when (intake.IsCancellationRequested)
            {
                // A stage faulted (or the caller cancelled): stop feeding; the fault is thrown below.
            }

            pagerBlock.Complete();
            try
            {
                await Task.WhenAll(blocks.Select(block => block.Completion));
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
    }

    // The fetch stage never faults: a fatal answer (quota, session, outage after retries) is recorded as the
    // run's fault and stops the intake, and the orders still queued are dropped unfetched (their windows stay
    // unfinished, so the next run lists them again), while answers already in hand flow on to the sink.
    private static async Task<IEnumerable<DetailAnswer>> FetchOrStopAsync(DetailFetch fetch, DetailOrder order, FirstFault faults, CancellationTokenSource intake)
    {
        if (intake.IsCancellationRequested) return [];
        try
        {
            return [await fetch.FetchAsync(order, intake.Token)];
        }
        catch (OperationCanceledException) when (intake.IsCancellationRequested)
        {
            return [];
        }
        catch (Exception ex)
        {
            faults.Record(ex, intake);
            return [];
        }
    }

    private async Task FilterAsync(KnownFilter known, WindowCloser closer, ListedPage page, ITargetBlock<DetailOrder> next, CancellationToken cancellationToken)
    {
        var split = await known.SplitAsync(page.Window.Shop.ShopId, page.Trades, cancellationToken);
        _counters.Skipped(split.Skipped.Count);
        if (page.Window.Skip(split.Skipped.Count))
            await closer.CloseAloneAsync(page.Window, cancellationToken);
        foreach (var trade in split.ToFetch)
        {
            if (!await next.SendAsync(new DetailOrder(page.Window, trade.Tid), cancellationToken))
                throw new OperationCanceledException("The detail fetch stopped taking trades.", cancellationToken);
        }
    }

    // Two timestamps and one Interlocked add per item: cheap beside a call, a page or a batch.
    private T Timed<T>(FlowStage stage, Func<T> work)
    {
        var started = _time.GetTimestamp();
        try
        {
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
            return await work();
        }
        finally
        {
            _counters.Busy(stage, _time.GetTimestamp() - started);
        }
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
