using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Configuration;
using Npgsql;
using TaobaoEtl.State;
using TaobaoEtl.Streams;
using TaobaoEtl.Windows;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// <c>refetch</c>: fetches the given trades of one shop again, whatever the stored copy and whatever their backoff,
/// as the refetch intake of <see cref="SyncPipeline"/> (the one detail path: bounded fetch, normalizer, sink batches of
/// <c>Sync:BatchSize</c>, the newer version still wins). A trade it stores
/// is no longer owed (its owed row and open dead letter close in the same transaction); one that fails again stays
/// owed with one more attempt. It never calls <c>taobao.time.get</c>: it plans no window, so it needs no platform
/// clock, and its own timestamps (attempts, dead letters) come from <see cref="IClock"/>.
/// </summary>
public sealed class TidRefetch(TopClient client, NpgsqlDataSource dataSource, SyncOptions sync, int concurrency, IClock clock, TimeProvider timeProvider, ILogger logger,
    SecretRedactor redactor)
{
    /// <summary>What <c>refetch</c> takes without <c>--tid</c>: the shop's owed trades and any open trade dead letter.</summary>
    public async Task<IReadOnlyList<long>> OwedTidsAsync(string shopId, CancellationToken cancellationToken)
    {
        var owed = await new OwedTradeBook(dataSource).OpenTidsAsync(shopId, cancellationToken);
        var letters = await new DeadLetterBook(dataSource).OpenTidsAsync(shopId, cancellationToken);
        return [.. owed.Union(letters).Order()];
    }

    /// <summary>What <c>refetch</c> takes of the refund stream without <c>--tid</c>: the shop's owed refunds and open refund dead letters.</summary>
    public async Task<IReadOnlyList<long>> OwedRefundIdsAsync(string shopId, CancellationToken cancellationToken)
    {
        var owed = await new OwedTradeBook(dataSource).OpenTidsAsync(shopId, SyncStream.Refund, cancellationToken);
        var letters = await new DeadLetterBook(dataSource).OpenTidsAsync(shopId, SyncStream.Refund, cancellationToken);
        return [.. owed.Union(letters).Order()];
    }

    public Task<RunSummary> RefetchAsync(SyncShop shop, IReadOnlyList<long> tids, CancellationToken cancellationToken) =>
        RefetchAsync(shop, tids, [], cancellationToken);

    /// <summary>Fetches the trades <paramref name="tids"/> and the refunds <paramref name="refundIds"/> of the shop again, in one run.</summary>
    public async Task<RunSummary> RefetchAsync(SyncShop shop, IReadOnlyList<long> tids, IReadOnlyList<long> refundIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(tids);
        ArgumentNullException.ThrowIfNull(refundIds);
        var journal = new RunJournal(dataSource);
        await new SyncStateStore(dataSource).EnsureShopAsync(shop.ShopId, shop.SellerNick, cancellationToken);
        var runId = await journal.StartAsync(shop.ShopId, "refetch", cancellationToken);
        var before = client.Counters.Snapshot();
        var started = timeProvider.GetTimestamp();
        var counters = new RunCounters();
        IReadOnlyList<ShopStop> stops = [];
        Exception? error = null;
        try
        {
            var pipeline = new SyncPipeline(client, dataSource, sync, concurrency, clock, timeProvider, logger, counters, redactor);
            stops = await pipeline.RunAsync([], [new RefetchRequest(shop, StreamSpec.Trades, tids), new RefetchRequest(shop, StreamSpec.Refunds, refundIds)],
                runId, cancellationToken);
            foreach (var stop in stops)
                await new SyncStateStore(dataSource).MarkReauthorizeAsync(stop.ShopId, clock.GetCurrentInstant(), cancellationToken);
        }
        catch (Exception ex)
        {
            // Kept as a value for the summary and the run row; the caller rethrows it.
            error = ex;
        }

        OwedTally owed;
        try
        {
            owed = await new OwedTradeBook(dataSource).TallyAsync([shop.ShopId], runId, CancellationToken.None);
        }
        catch (NpgsqlException ex) when (error is not null)
        {
            OwedLog.TallyFailed(logger, ex, runId);
            owed = OwedTally.None;
        }

        var (status, exitCode, why) = RunOutcome.Decide(error, 0, owed.OpenTrades, owedRefunds: owed.OpenRefunds);
        // The shop's session refused (code 27): what was fetched is committed, the rest waits for a new session.
        if (error is null && ShopStop.ExitCodeOf(stops) is { } stopped) (status, exitCode) = (RunStatus.Stopped, stopped);
        var summary = new RunSummary
        {
            Command = "refetch",
            RunId = runId,
            Status = status,
            ExitCode = exitCode,
            WindowsPlanned = 0,
            WindowsDone = 0,
            WindowsFailed = 0,
            Pages = 0,
            TidsListed = tids.Count + refundIds.Count,
            DetailCalls = counters.DetailCalls,
            SkippedKnown = 0,
            DeadLetters = counters.DeadLetters,
            Quarantined = counters.Quarantined,
            Sink = counters.Sink,
            SinkTransactions = counters.Batches,
            ApiCalls = RunSummary.CallsBetween(before, client.Counters.Snapshot()),
            Duration = Duration.FromTimeSpan(timeProvider.GetElapsedTime(started)),
            ShopStops = stops,
            Owed = owed,
            ExitReason = why,
            Error = error,
        };
        await journal.FinishAsync(runId, summary.Status, (int)summary.ExitCode, summary.ToTally(),
            RunMessage.Of(error, stops, why, redactor), CancellationToken.None);
        return summary;
    }
}
