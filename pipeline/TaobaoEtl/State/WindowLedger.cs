using Npgsql;
using NpgsqlTypes;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// The window ledger (<c>etl.window</c>): planned → listing → listed → done (or failed), with pages,
/// listed, fetched, skipped, attempts and the run. "Done" is written only by <see cref="WindowDoneCheckpoint"/>
/// inside the transaction that commits the window's rows; this class never claims progress it cannot prove.
/// A done backfill day stays done when planned again (so a re-run resumes with the days not done). An
/// increment slice planned again over a row with the same start replaces it: that can only forget that
/// a stretch was committed (it is listed again), never claim one that was not.
/// </summary>
public sealed class WindowLedger(NpgsqlDataSource dataSource)
{
    private const string PlanSql = """
        INSERT INTO etl.window AS w (shop_id, stream, kind, range_start, range_end, status, run_id)
        SELECT p.shop_id, p.stream, p.kind, p.range_start, p.range_end, 'planned', $6
        FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
             AS p(shop_id, stream, kind, range_start, range_end)
        ON CONFLICT (shop_id, stream, kind, range_start) DO UPDATE SET
            range_end = excluded.range_end, status = 'planned', run_id = excluded.run_id,
            pages = 0, listed = 0, fetched = 0, skipped = 0, updated_at = now()
        WHERE w.status <> 'done' OR w.kind = 'increment_slice'
        """;

    private const string ListingSql = """
        INSERT INTO etl.window AS w (shop_id, stream, kind, range_start, range_end, status, attempts, run_id)
        VALUES ($1, $2, $3, $4, $5, 'listing', 1, $6)
        ON CONFLICT (shop_id, stream, kind, range_start) DO UPDATE SET
            range_end = excluded.range_end, status = 'listing', attempts = w.attempts + 1,
            run_id = coalesce(excluded.run_id, w.run_id), updated_at = now()
        """;

    private const string ListedSql = """
        UPDATE etl.window SET status = 'listed', pages = $6, listed = $7, updated_at = now()
        WHERE shop_id = $1 AND stream = $2 AND kind = $3 AND range_start = $4 AND range_end = $5 AND status <> 'done'
        """;

    private const string FailedSql = """
        UPDATE etl.window SET status = 'failed', updated_at = now()
        WHERE shop_id = $1 AND stream = $2 AND kind = $3 AND range_start = $4 AND range_end = $5 AND status <> 'done'
        """;

    private static readonly string OwedBackfillDaysSql = $"""
        SELECT count(*) FROM etl.window w
        WHERE w.shop_id = ANY($1) AND w.stream = $2 AND w.kind = 'backfill_day' AND w.range_start >= $3 AND w.status <> 'done'
          AND (w.status = 'failed' OR NOT {ShopSyncLocks.IsHeldSql("w.shop_id || '/' || w.stream || '/' || w.kind")})
        """;

    private const string AbandonSql = """
        UPDATE etl.window SET status = 'failed', updated_at = now()
        WHERE shop_id = $1 AND stream = $2 AND kind = 'increment_slice' AND status IN ('planned', 'listing', 'listed')
        """;

    private const string SummarySql = """
        SELECT kind, status, count(*)::int, coalesce(sum(pages), 0)::bigint, coalesce(sum(listed), 0)::bigint,
               coalesce(sum(fetched), 0)::bigint, coalesce(sum(skipped), 0)::bigint
        FROM etl.window WHERE shop_id = $1 AND stream = $2
        GROUP BY kind, status ORDER BY kind, status
        """;

    /// <summary>Records the windows a run is about to list, in one round trip.</summary>
    public async Task PlanAsync(IReadOnlyList<TradeWindow> windows, long? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0) return;
        await using var command = dataSource.CreateCommand(PlanSql);
        command.Parameters.Add(TextArray(windows.Select(w => w.ShopId)));
        command.Parameters.Add(TextArray(windows.Select(w => LedgerNames.Of(w.Stream))));
        command.Parameters.Add(TextArray(windows.Select(w => LedgerNames.Of(w.Kind))));
        command.Parameters.Add(new NpgsqlParameter<Instant[]> { TypedValue = windows.Select(w => w.Start).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<Instant[]> { TypedValue = windows.Select(w => w.End).ToArray() });
        command.Parameters.Add(RunIdParameter(runId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The window's listing starts (again): one more attempt.</summary>
    public async Task StartListingAsync(TradeWindow window, long? runId, CancellationToken cancellationToken)
    {
        await using var command = WindowCommand(ListingSql, window);
        command.Parameters.Add(RunIdParameter(runId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every page of the window was read; its trades are on their way to the sink.</summary>
    public async Task MarkListedAsync(TradeWindow window, int pages, int listed, CancellationToken cancellationToken)
    {
        await using var command = WindowCommand(ListedSql, window);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pages });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = listed });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The window could not be listed; the next run lists it again.</summary>
    public async Task MarkFailedAsync(TradeWindow window, CancellationToken cancellationToken)
    {
        await using var command = WindowCommand(FailedSql, window);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Applies checkpoints in a transaction of their own: for windows with nothing left to write (empty,
    /// or every trade skipped as known), which no sink batch will carry.
    /// </summary>
    public async Task CommitAsync(IReadOnlyList<ICheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (checkpoints.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var checkpoint in checkpoints)
            await checkpoint.ApplyAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Marks the increment slices a killed or failed run left unfinished as failed. Call it at the start of
    /// an increment pass, under <see cref="ShopSyncLocks"/>: the pass re-plans from the watermark, so those
    /// rows will never finish; as failed they say so instead of looking in progress.
    /// </summary>
    public async Task<int> AbandonUnfinishedSlicesAsync(string shopId, SyncStream stream, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(AbandonSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Backfill days of these shops owed, from <paramref name="horizon"/> on (older ones the platform no longer serves):
    /// failed, or not done while no backfill of the shop holds its lock (a backfill stopped by the quota, a signal or a
    /// kill leaves its remaining days planned or half listed). Work that only a backfill lists again. A day a running
    /// backfill is still on is its work, not owed; the lock is looked up, never taken, so looking cannot make a starting
    /// backfill find its shop busy.
    /// </summary>
    public async Task<long> CountOwedBackfillDaysAsync(IReadOnlyList<string> shopIds, SyncStream stream, Instant horizon, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shopIds);
        if (shopIds.Count == 0) return 0;
        await using var command = dataSource.CreateCommand(OwedBackfillDaysSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. shopIds] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = horizon });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The ledger of a shop's stream by kind and status, for <c>status</c> and run summaries.</summary>
    public async Task<IReadOnlyList<WindowLedgerLine>> SummarizeAsync(string shopId, SyncStream stream, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SummarySql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        var lines = new List<WindowLedgerLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new WindowLedgerLine(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return lines;
    }

    private NpgsqlCommand WindowCommand(string sql, TradeWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = window.ShopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(window.Stream) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(window.Kind) });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = window.Start });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = window.End });
        return command;
    }

    private static NpgsqlParameter<string[]> TextArray(IEnumerable<string> values) =>
        new() { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    internal static NpgsqlParameter RunIdParameter(long? runId) =>
        new() { Value = runId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };
}
