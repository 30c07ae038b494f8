using Microsoft.Extensions.Logging;
using Npgsql;
using TaobaoEtl.Sink;
using TaobaoEtl.State;

namespace TaobaoEtl.Flow.Stages;

/// <summary>
/// Writes one batch with <see cref="CopySink"/> in one transaction, with the checkpoints of the windows
/// whose last trade it holds (sorted, applied after the rows). After the commit, a window that became done
/// through this commit but could not ride in it (another of its batches was in flight) is closed alone.
/// </summary>
internal sealed class SinkStage(NpgsqlDataSource dataSource, WindowCloser closer, RunCounters counters, ILogger logger, Configuration.SecretRedactor redactor)
{
    public async Task WriteAsync(SinkItem[] items, CancellationToken cancellationToken)
    {
        if (items.Length == 0) return;
        var windows = items.GroupBy(item => item.Window).ToList();
        var riding = new List<WindowProgress>();
        foreach (var group in windows)
        {
            if (group.Key.EnterBatch(group.Count(), group.Count(item => item.Trade is not null)))
                riding.Add(group.Key);
        }

        var checkpoints = riding
            .OrderBy(w => w.Window.ShopId, StringComparer.Ordinal)
            .ThenBy(w => w.Window.Stream)
            .ThenBy(w => w.Window.Kind)
            .ThenBy(w => w.Window.Start)
            .Select(w => (ICheckpoint)w.Checkpoint())
            .ToList();
        var batch = new SinkBatch
        {
            Trades = items.Where(i => i.Trade is not null).Select(i => i.Trade!).ToList(),
            Quarantine = items.Where(i => i.Rejection is not null).Select(i => i.Rejection!).ToList(),
            DeadLetters = items.Where(i => i.DeadLetter is not null).Select(i => i.DeadLetter!).ToList(),
            Owed = items.Where(i => i.Owed is not null).Select(i => i.Owed!).ToList(),
            Checkpoints = checkpoints,
            RunId = items[0].Window.RunId,
        };

        var counts = await CopySink.WriteBatchAsync(dataSource, batch, cancellationToken, logger, redactor);
        counters.Committed(counts);
        FlowLog.BatchCommitted(logger, batch.Trades.Count, checkpoints.Count);
        foreach (var window in riding) closer.Done(window);
        foreach (var group in windows)
        {
            if (group.Key.LeaveBatch())
                await closer.CloseAloneAsync(group.Key, cancellationToken);
        }
    }

    /// <summary>A batch outside the flow of trades (a window's dead letter), committed on its own.</summary>
    public async Task WriteAloneAsync(SinkBatch batch, CancellationToken cancellationToken) =>
        counters.Committed(await CopySink.WriteBatchAsync(dataSource, batch, cancellationToken, logger, redactor));
}
