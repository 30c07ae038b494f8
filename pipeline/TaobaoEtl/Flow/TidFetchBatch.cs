using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow.Stages;
using TaobaoEtl.Sink;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// Given tids of one shop through the same detail path as the pipeline — <see cref="DetailFetch"/> →
/// <see cref="TradeNormalizing"/> → <see cref="CopySink"/> (version rule, owed rows resolved or counted in the same
/// transaction) — outside any window: for the owed trades a run retries and for <c>refetch</c>. A failure that stops
/// the run is thrown after what was already fetched is committed, so no call is wasted. Made only by <see cref="For"/>,
/// so the owed retry and <c>refetch</c> cannot drift apart (batch size, clock, counters).
/// </summary>
internal sealed class TidFetchBatch
{
    private readonly DetailFetch _fetch;
    private readonly TradeNormalizing _normalizing;
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _concurrency;
    private readonly int _batchSize;
    private readonly RunCounters _counters;
    private readonly ILogger _logger;
    private readonly SecretRedactor _redactor;

    private TidFetchBatch(DetailFetch fetch, TradeNormalizing normalizing, NpgsqlDataSource dataSource, int concurrency, int batchSize,
        RunCounters counters, ILogger logger, SecretRedactor redactor) =>
        (_fetch, _normalizing, _dataSource, _concurrency, _batchSize, _counters, _logger, _redactor) =
            (fetch, normalizing, dataSource, concurrency, batchSize, counters, logger, redactor);

    /// <summary>
    /// The one construction: the pipeline's detail path with the run's clock and counters, <paramref name="concurrency"/>
    /// calls at once, sink batches of <see cref="SyncOptions.BatchSize"/> like the windows' trades, their texts masked by
    /// <paramref name="redactor"/>.
    /// </summary>
    public static TidFetchBatch For(TopClient client, NpgsqlDataSource dataSource, SyncOptions sync, int concurrency, RunCounters counters,
        IClock clock, ILogger logger, SecretRedactor redactor, bool trustDateHeader = false)
    {
        ArgumentNullException.ThrowIfNull(sync);
        return new TidFetchBatch(new DetailFetch(client, counters, clock, logger), new TradeNormalizing(counters, clock, logger, trustDateHeader), dataSource,
            concurrency, sync.BatchSize, counters, logger, redactor);
    }

    public async Task RunAsync(SyncShop shop, IReadOnlyList<long> tids, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(tids);
        if (tids.Count == 0) return;
        var outcomes = new List<TradeOutcome>();
        var gate = new Lock();
        Exception? stop = null;
        try
        {
            await Parallel.ForEachAsync(tids.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _concurrency), CancellationToken = cancellationToken },
                async (tid, token) =>
                {
                    var outcome = _normalizing.Normalize(shop.ShopId, await _fetch.FetchAsync(shop, tid, listedModified: null, token));
                    lock (gate) outcomes.Add(outcome);
                });
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Kept for after the commit of what was fetched: the calls it cost are not wasted.
            stop = ex;
        }

        foreach (var chunk in outcomes.Chunk(Math.Max(1, _batchSize)))
        {
            var batch = new SinkBatch
            {
                Trades = [.. chunk.Where(o => o.Trade is not null).Select(o => o.Trade!)],
                Quarantine = [.. chunk.Where(o => o.Rejection is not null).Select(o => o.Rejection!)],
                DeadLetters = [.. chunk.Where(o => o.DeadLetter is not null).Select(o => o.DeadLetter!)],
                Owed = [.. chunk.Where(o => o.Owed is not null).Select(o => o.Owed!)],
                RunId = runId,
            };
            _counters.Committed(await CopySink.WriteBatchAsync(_dataSource, batch, cancellationToken, _logger, _redactor));
        }

        if (stop is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(stop);
    }
}
