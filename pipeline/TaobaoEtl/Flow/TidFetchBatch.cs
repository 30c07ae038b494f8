using Microsoft.Extensions.Logging;
using Npgsql;
using TaobaoEtl.Sink;

namespace TaobaoEtl.Flow;

/// <summary>
/// Given tids of one shop through the same detail path as the pipeline — <see cref="DetailFetch"/> →
/// <see cref="TradeNormalizing"/> → <see cref="CopySink"/> (version rule, owed rows resolved or counted in the same
/// transaction) — outside any window: for the owed trades a run retries and for <c>refetch</c>. A failure that stops
/// the run is thrown after what was already fetched is committed, so no call is wasted.
/// </summary>
internal sealed class TidFetchBatch(DetailFetch fetch, TradeNormalizing normalizing, NpgsqlDataSource dataSource, int concurrency, int batchSize,
    RunCounters counters, ILogger logger)
{
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
            await Parallel.ForEachAsync(tids.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
                async (tid, token) =>
                {
                    var outcome = normalizing.Normalize(shop.ShopId, await fetch.FetchAsync(shop, tid, listedModified: null, token));
                    lock (gate) outcomes.Add(outcome);
                });
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Kept for after the commit of what was fetched: the calls it cost are not wasted.
            stop = ex;
        }

        foreach (var chunk in outcomes.Chunk(Math.Max(1, batchSize)))
        {
            var batch = new SinkBatch
            {
                Trades = [.. chunk.Where(o => o.Trade is not null).Select(o => o.Trade!)],
                Quarantine = [.. chunk.Where(o => o.Rejection is not null).Select(o => o.Rejection!)],
                DeadLetters = [.. chunk.Where(o => o.DeadLetter is not null).Select(o => o.DeadLetter!)],
                Owed = [.. chunk.Where(o => o.Owed is not null).Select(o => o.Owed!)],
                RunId = runId,
            };
            counters.Committed(await CopySink.WriteBatchAsync(dataSource, batch, cancellationToken, logger));
        }

        if (stop is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(stop);
    }
}
