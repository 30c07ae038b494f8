using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// <c>refetch</c>: fetches the given trades of one shop again, whatever the stored copy, and upserts them in
/// one transaction (the newer version still wins). A trade the platform refuses stays or becomes a dead
/// letter; one it returns closes its open dead letter in the same transaction.
/// </summary>
public sealed class TidRefetch(TopClient client, NpgsqlDataSource dataSource, int concurrency, IClock clock, TimeProvider timeProvider, ILogger logger)
{
    public async Task<RunSummary> RefetchAsync(SyncShop shop, IReadOnlyList<long> tids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(tids);
        var journal = new RunJournal(dataSource);
        await new SyncStateStore(dataSource).EnsureShopAsync(shop.ShopId, shop.SellerNick, cancellationToken);
        var runId = await journal.StartAsync(shop.ShopId, "refetch", cancellationToken);
        var before = client.Counters.Snapshot();
        var started = timeProvider.GetTimestamp();
        var trades = new List<NormalizedTrade>();
        var rejections = new List<Rejection>();
        var letters = new List<DeadLetter>();
        var gate = new Lock();
        long calls = 0;
        var sink = SinkCounts.Zero;
        Exception? error = null;
        try
        {
            await Parallel.ForEachAsync(tids.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
                async (tid, token) =>
                {
                    try
                    {
                        var answer = await client.GetFullInfoAsync(shop.Session, tid, token);
                        var result = TradeNormalizer.Normalize(answer.TradeJson.Span, shop.ShopId, answer.ReadNotBefore);
                        lock (gate)
                        {
                            calls++;
                            if (result.IsAccepted) trades.Add(result.AcceptedValue);
                            else rejections.Add(result.Rejection);
                        }
                    }
                    catch (TopException ex) when (ex.Kind == TopErrorKind.CallerError)
                    {
                        FlowLog.TradeDeadLetter(logger, tid, shop.ShopId, ex.SubCode, ex.RequestId);
                        var letter = DeadLetter.ForTrade(shop.ShopId, tid, ex.Method, clock.GetCurrentInstant()) with
                        {
                            Code = ex.Code, SubCode = ex.SubCode, SubMsg = ex.SubMsg, RequestId = ex.RequestId,
                        };
                        lock (gate)
                        {
                            calls++;
                            letters.Add(letter);
                        }
                    }
                });

            sink = await CopySink.WriteBatchAsync(dataSource,
                new SinkBatch { Trades = trades, Quarantine = rejections, DeadLetters = letters, RunId = runId }, cancellationToken, logger);
        }
        catch (Exception ex)
        {
            // Kept as a value for the summary and the run row; the caller rethrows it.
            error = ex;
        }

        var summary = new RunSummary
        {
            Command = "refetch",
            RunId = runId,
            Status = error is null ? RunStatus.Succeeded : RunStatus.Stopped,
            ExitCode = error switch { null => ExitCode.Ok, TopException top => top.ToExitCode(), _ => ExitCode.Software },
            WindowsPlanned = 0,
            WindowsDone = 0,
            WindowsFailed = 0,
            Pages = 0,
            TidsListed = tids.Count,
            DetailCalls = calls,
            SkippedKnown = 0,
            DeadLetters = letters.Count,
            Quarantined = rejections.Count,
            Sink = sink,
            ApiCalls = RunSummary.CallsBetween(before, client.Counters.Snapshot()),
            Duration = Duration.FromTimeSpan(timeProvider.GetElapsedTime(started)),
            Error = error,
        };
        await journal.FinishAsync(runId, summary.Status, (int)summary.ExitCode, summary.ToTally(),
            error is TopException top2 ? top2.Message : error?.GetType().Name, CancellationToken.None);
        return summary;
    }
}
