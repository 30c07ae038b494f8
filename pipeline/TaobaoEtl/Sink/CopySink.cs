using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Sink;

/// <summary>
/// Writes batches into staging inside one transaction, with an explicit life cycle like Npgsql's
/// <c>NpgsqlBinaryImporter</c>: <see cref="BeginAsync(NpgsqlDataSource, CancellationToken, ILogger?)"/> opens
/// the transaction, <see cref="WriteAsync"/> stages batches (binary COPY into temporary tables, then
/// version-checked upserts), <see cref="CompleteAsync"/> commits and returns the counts, and disposing
/// without completing rolls everything back. Not thread-safe: one sink per writer; parallel sinks each
/// get their own connection.
/// </summary>
public sealed class CopySink : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly bool _ownsConnection;
    private readonly NpgsqlTransaction _transaction;
    private readonly ILogger _logger;
    private SinkState _state = SinkState.Ready;
    private int _writes;
    private SinkCounts _counts = SinkCounts.Zero;

    private enum SinkState
    {
        /// <summary>The transaction is open; batches can be written.</summary>
        Ready,
        /// <summary>A write is running.</summary>
        Writing,
        /// <summary>A write or the commit failed; the transaction is lost and only disposal is left.</summary>
        Failed,
        /// <summary>Committed.</summary>
        Completed,
        /// <summary>Disposed (rolled back unless completed).</summary>
        Disposed,
    }

    private CopySink(NpgsqlConnection connection, bool ownsConnection, NpgsqlTransaction transaction, ILogger logger)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _transaction = transaction;
        _logger = logger;
    }

    /// <summary>What the sink has written so far in its transaction (committed only after <see cref="CompleteAsync"/>).</summary>
    public SinkCounts Counts => _counts;

    /// <summary>Opens a connection of <paramref name="dataSource"/> (closed again on disposal) and begins the transaction.</summary>
    public static async Task<CopySink> BeginAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return await BeginAsync(connection, ownsConnection: true, logger, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Begins the transaction on an open connection the caller keeps (a long-lived connection per parallel
    /// sink creates the temporary tables once). The connection must have no transaction in progress.
    /// </summary>
    public static Task<CopySink> BeginAsync(NpgsqlConnection connection, CancellationToken cancellationToken, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return BeginAsync(connection, ownsConnection: false, logger, cancellationToken);
    }

    /// <summary>Begin, write one batch, complete: the usual flush of the pipeline.</summary>
    public static async Task<SinkCounts> WriteBatchAsync(NpgsqlDataSource dataSource, SinkBatch batch, CancellationToken cancellationToken, ILogger? logger = null,
        Configuration.SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (redactor is not null) batch = batch.MaskedBy(redactor);
        await using var sink = await BeginAsync(dataSource, cancellationToken, logger);
        await sink.WriteAsync(batch, cancellationToken);
        return await sink.CompleteAsync(cancellationToken);
    }

    private static async Task<CopySink> BeginAsync(NpgsqlConnection connection, bool ownsConnection, ILogger? logger, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            throw new InvalidOperationException("The sink needs an open connection.");
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var create = new NpgsqlCommand(SinkSql.CreateTempTables, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }

        return new CopySink(connection, ownsConnection, transaction, logger ?? NullLogger.Instance);
    }

    /// <summary>
    /// Stages one batch in the transaction: trades (newest version wins, lines of changed trades replaced,
    /// raw JSON kept), refunds, quarantine rows, dead letters, then the batch's checkpoints. Nothing is
    /// visible to others before <see cref="CompleteAsync"/>. If it throws, the sink is failed: dispose it.
    /// </summary>
    public async Task WriteAsync(SinkBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowUnlessReady(nameof(WriteAsync));
        _state = SinkState.Writing;
        try
        {
            if (_writes++ > 0) await ExecuteAsync(SinkSql.EmptyTempTables, cancellationToken);
            var counts = await WriteTradesAsync(batch.Trades, cancellationToken);
            counts += await WriteRefundsAsync(batch.Refunds, cancellationToken);
            await ResolveDeadLettersAsync(batch, cancellationToken);
            await LedgerRows.WriteQuarantineAsync(_connection, _transaction, batch.Quarantine, batch.RunId, cancellationToken);
            await LedgerRows.WriteDeadLettersAsync(_connection, _transaction, batch.DeadLetters, batch.RunId, cancellationToken);
            await OwedRows.ResolveAsync(_connection, _transaction, batch, cancellationToken);
            await OwedRows.WriteAsync(_connection, _transaction, batch, State.OwedBackoff.Default, cancellationToken);
            foreach (var checkpoint in batch.Checkpoints)
                await checkpoint.ApplyAsync(_connection, _transaction, cancellationToken);

            counts = counts with
            {
                Quarantined = batch.Quarantine.Count,
                DeadLetters = batch.DeadLetters.Count,
                Checkpoints = batch.Checkpoints.Count,
            };
            _counts += counts;
            CopySinkLog.BatchWritten(_logger, batch.Trades.Count, counts.TradesInserted, counts.TradesUpdated, counts.TradesUnchanged,
                counts.TradesSuperseded, counts.LinesWritten, batch.Refunds.Count, batch.Quarantine.Count, batch.DeadLetters.Count,
                batch.Checkpoints.Count);
            _state = SinkState.Ready;
        }
        catch
        {
            _state = SinkState.Failed;
            throw;
        }
    }

    /// <summary>Commits everything written and returns the counts. The sink cannot be written again.</summary>
    public async Task<SinkCounts> CompleteAsync(CancellationToken cancellationToken)
    {
        ThrowUnlessReady(nameof(CompleteAsync));
        _state = SinkState.Writing;
        try
        {
            await _transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            _state = SinkState.Failed;
            throw;
        }

        _state = SinkState.Completed;
        CopySinkLog.Committed(_logger, _counts.RowsWritten);
        return _counts;
    }

    /// <summary>Rolls back unless <see cref="CompleteAsync"/> committed, then releases the connection if the sink opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state == SinkState.Disposed) return;
        var previous = _state;
        _state = SinkState.Disposed;
        if (previous != SinkState.Completed) CopySinkLog.RolledBack(_logger, previous.ToString());
        try
        {
            // Disposing an uncommitted NpgsqlTransaction rolls it back (a broken connection has nothing left
            // to roll back: the server aborted the transaction with the session).
            await _transaction.DisposeAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            // Nothing was committed either way. Throwing here would replace the exception that made the
            // caller leave its `await using` block, which is the one that says what went wrong.
            CopySinkLog.RollbackFailed(_logger, ex);
        }
        finally
        {
            if (_ownsConnection) await _connection.DisposeAsync();
        }
    }

    private void ThrowUnlessReady(string operation)
    {
        switch (_state)
        {
            case SinkState.Ready:
                return;
            case SinkState.Writing:
                throw new InvalidOperationException($"{operation}: a write or commit of this sink is already in progress; a sink writes one batch at a time.");
            case SinkState.Failed:
                throw new InvalidOperationException($"{operation}: an earlier write or commit of this sink failed and its transaction is lost; dispose the sink and write the batch again with a new one.");
            case SinkState.Completed:
                throw new InvalidOperationException($"{operation}: this sink has already committed; begin a new sink for the next batch.");
            default:
                throw new ObjectDisposedException(nameof(CopySink), $"{operation}: the sink is disposed.");
        }
    }

    private async Task<SinkCounts> WriteTradesAsync(IReadOnlyList<NormalizedTrade> trades, CancellationToken cancellationToken)
    {
        if (trades.Count == 0) return SinkCounts.Zero;
        await using (var importer = await _connection.BeginBinaryImportAsync(SinkSql.CopyTrades, cancellationToken))
        {
            for (var seq = 0; seq < trades.Count; seq++)
                await CopyRows.WriteOrderAsync(importer, seq, trades[seq], cancellationToken);
            await importer.CompleteAsync(cancellationToken);
        }

        await using (var importer = await _connection.BeginBinaryImportAsync(SinkSql.CopyLines, cancellationToken))
        {
            for (var seq = 0; seq < trades.Count; seq++)
            {
                foreach (var line in trades[seq].Lines)
                    await CopyRows.WriteLineAsync(importer, seq, line, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using var batch = new NpgsqlBatch(_connection, _transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(SinkSql.ClearChanged),
                new NpgsqlBatchCommand(SinkSql.UpsertOrders),
                new NpgsqlBatchCommand(SinkSql.DeleteChangedLines),
                new NpgsqlBatchCommand(SinkSql.InsertChangedLines),
                new NpgsqlBatchCommand(SinkSql.UpsertRawTrades),
                new NpgsqlBatchCommand(SinkSql.CountChanged),
            },
        };
        var (inserted, updated) = await ReadChangedCountsAsync(batch, cancellationToken);
        var distinct = DistinctCount(trades, t => (t.ShopId, t.Tid));
        return SinkCounts.Zero with
        {
            TradesInserted = inserted,
            TradesUpdated = updated,
            TradesUnchanged = distinct - inserted - updated,
            TradesSuperseded = trades.Count - distinct,
            LinesWritten = batch.BatchCommands[3].RecordsAffected,
        };
    }

    private async Task<SinkCounts> WriteRefundsAsync(IReadOnlyList<NormalizedRefund> refunds, CancellationToken cancellationToken)
    {
        if (refunds.Count == 0) return SinkCounts.Zero;
        await using (var importer = await _connection.BeginBinaryImportAsync(SinkSql.CopyRefunds, cancellationToken))
        {
            for (var seq = 0; seq < refunds.Count; seq++)
                await CopyRows.WriteRefundAsync(importer, seq, refunds[seq], cancellationToken);
            await importer.CompleteAsync(cancellationToken);
        }

        await using var batch = new NpgsqlBatch(_connection, _transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(SinkSql.ClearChanged),
                new NpgsqlBatchCommand(SinkSql.UpsertRefunds),
                new NpgsqlBatchCommand(SinkSql.UpsertRawRefunds),
                new NpgsqlBatchCommand(SinkSql.CountChanged),
            },
        };
        var (inserted, updated) = await ReadChangedCountsAsync(batch, cancellationToken);
        var distinct = DistinctCount(refunds, r => (r.ShopId, r.RefundId));
        return SinkCounts.Zero with
        {
            RefundsInserted = inserted,
            RefundsUpdated = updated,
            RefundsUnchanged = distinct - inserted - updated,
            RefundsSuperseded = refunds.Count - distinct,
        };
    }

    private static async Task<(long Inserted, long Updated)> ReadChangedCountsAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) throw new InvalidOperationException("The sink's count query returned no row.");
        var counts = (reader.GetInt64(0), reader.GetInt64(1));
        while (await reader.NextResultAsync(cancellationToken)) { }
        return counts;
    }

    private static long DistinctCount<T>(IReadOnlyList<T> items, Func<T, (string, long)> key)
    {
        var keys = new HashSet<(string, long)>(items.Count);
        foreach (var item in items) keys.Add(key(item));
        return keys.Count;
    }

    private async Task ResolveDeadLettersAsync(SinkBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Trades.Count > 0)
        {
            await using var command = new NpgsqlCommand(SinkSql.ResolveTradeDeadLetters, _connection, _transaction);
            command.Parameters.Add(new NpgsqlParameter<long[]>("kept_tids", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
            {
                TypedValue = [.. batch.DeadLetters.Where(d => d.Kind == DeadLetterKind.Trade).Select(d => d.Tid!.Value)],
            });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (batch.Refunds.Count > 0)
        {
            await using var command = new NpgsqlCommand(SinkSql.ResolveRefundDeadLetters, _connection, _transaction);
            command.Parameters.Add(new NpgsqlParameter<long[]>("kept_refund_ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
            {
                TypedValue = [.. batch.DeadLetters.Where(d => d.Kind == DeadLetterKind.Refund).Select(d => d.RefundId!.Value)],
            });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
