using Microsoft.Extensions.Logging;
using Npgsql;
using TaobaoEtl.Sink;
using TaobaoEtl.State;

namespace TaobaoEtl.Flow.Stages;

/// <summary>
/// Writes one batch with <see cref="CopySink"/> in one transaction, with the checkpoints its tickets ask to ride in it
/// (sorted, applied after the rows, so two sinks never take the ledger's rows in opposite orders). After the commit each
/// ticket is told, and does what follows (a window closed alone, a message confirmed).
/// </summary>
internal sealed class SinkStage(NpgsqlDataSource dataSource, RunCounters counters, ILogger logger, Configuration.SecretRedactor redactor)
{
    public async Task WriteAsync(SinkItem[] items, CancellationToken cancellationToken)
    {
        if (items.Length == 0) return;
        var tickets = items.GroupBy(item => item.Ticket).Select(group => (Ticket: group.Key, Items: (IReadOnlyList<SinkItem>)[.. group])).ToList();
        var riding = tickets.Select(t => t.Ticket.EnterBatch(t.Items)).ToList();
        var checkpoints = LockOrder(riding.SelectMany(c => c));
        var batch = new SinkBatch
        {
            Trades = [.. items.Where(i => i.Trade is not null).Select(i => i.Trade!)],
            Refunds = [.. items.Where(i => i.Refund is not null).Select(i => i.Refund!)],
            Quarantine = [.. items.Where(i => i.Rejection is not null).Select(i => i.Rejection!)],
            DeadLetters = [.. items.Where(i => i.DeadLetter is not null).Select(i => i.DeadLetter!)],
            Owed = [.. items.Where(i => i.Owed is not null).Select(i => i.Owed!)],
            Checkpoints = checkpoints,
            RunId = items[0].Ticket.RunId,
        };

        var counts = await CopySink.WriteBatchAsync(dataSource, batch, cancellationToken, logger, redactor);
        counters.Committed(counts);
        FlowLog.BatchCommitted(logger, batch.Trades.Count, batch.Refunds.Count, checkpoints.Count);
        for (var i = 0; i < tickets.Count; i++)
            await tickets[i].Ticket.CommittedAsync(tickets[i].Items, riding[i].Count > 0, cancellationToken);
    }

    // Windows' checkpoints by (shop, stream, kind, start), any other kind after them as given: two sinks then take the
    // ledger's rows in one order and cannot deadlock on them.
    private static List<ICheckpoint> LockOrder(IEnumerable<ICheckpoint> checkpoints) =>
    [
        .. checkpoints
            .OrderBy(c => c is WindowDoneCheckpoint ? 0 : 1)
            .ThenBy(c => (c as WindowDoneCheckpoint)?.Window.ShopId, StringComparer.Ordinal)
            .ThenBy(c => (c as WindowDoneCheckpoint)?.Window.Stream)
            .ThenBy(c => (c as WindowDoneCheckpoint)?.Window.Kind)
            .ThenBy(c => (c as WindowDoneCheckpoint)?.Window.Start),
    ];

    /// <summary>A batch outside the flow of trades (a window's dead letter), committed on its own.</summary>
    public async Task WriteAloneAsync(SinkBatch batch, CancellationToken cancellationToken) =>
        counters.Committed(await CopySink.WriteBatchAsync(dataSource, batch, cancellationToken, logger, redactor));
}
