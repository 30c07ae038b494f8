using NodaTime;
using Npgsql;
using NpgsqlTypes;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// Staging as a reconcile reads it (counts and whole copies per slice), the one write a repair needs before the detail
/// path (a damaged copy's version demoted, so the refetched copy replaces it), and <c>etl.reconciliation</c>: each checked
/// slice with its trades, what a killed reconcile had settled, and the last check per shop for <c>status</c>.
/// </summary>
public sealed class ReconciliationBook(NpgsqlDataSource dataSource)
{
    // A copy is whole when its lines are as many as the trade row says and its raw payload is there at the same version.
    private const string WholeSql = """
        (s.line_count = (SELECT count(*) FROM staging.sales_order_line l WHERE l.shop_id = s.shop_id AND l.tid = s.tid)
         AND EXISTS (SELECT 1 FROM raw.trade r WHERE r.shop_id = s.shop_id AND r.tid = s.tid AND r.modified = s.modified))
        """;

    private const string BackfillEndSql = """
        SELECT max(range_end) FROM etl.window WHERE shop_id = $1 AND stream = 'trade' AND kind = 'backfill_day'
        """;

    // Days whose last check found staged trades the platform does not list: their counts can agree while one is missing.
    private const string DaysWithUnknownSql = """
        SELECT range_start FROM (
            SELECT DISTINCT ON (range_start) range_start, unknown FROM etl.reconciliation
            WHERE shop_id = $1 AND slice_kind = 'day' ORDER BY range_start, id DESC) last
        WHERE unknown > 0
        """;

    // A refund copy is whole when its raw payload is there at the same version.
    private const string RefundCopiesSql = """
        SELECT s.refund_id, s.modified, s.fetched_at,
               EXISTS (SELECT 1 FROM raw.refund r WHERE r.shop_id = s.shop_id AND r.refund_id = s.refund_id AND r.modified = s.modified)
        FROM staging.refund s WHERE s.shop_id = $1 AND s.refund_id = ANY ($2)
        """;

    private const string CountRefundsModifiedSql = "SELECT count(*) FROM staging.refund WHERE shop_id = $1 AND modified >= $2 AND modified < $3";

    private const string DemoteRefundsSql = """
        UPDATE staging.refund s SET fetched_at = 'epoch'
        WHERE s.shop_id = $1 AND s.refund_id = ANY ($2)
          AND NOT EXISTS (SELECT 1 FROM raw.refund r WHERE r.shop_id = s.shop_id AND r.refund_id = s.refund_id AND r.modified = s.modified)
        """;

    private const string RefundBackfillStartSql = """
        SELECT min(range_start) FROM etl.window WHERE shop_id = $1 AND stream = 'refund' AND kind = 'backfill_day'
        """;

    private const string CountCreatedSql = "SELECT count(*) FROM staging.sales_order WHERE shop_id = $1 AND created >= $2 AND created < $3";

    private const string CountModifiedSql = "SELECT count(*) FROM staging.sales_order WHERE shop_id = $1 AND modified >= $2 AND modified < $3";

    private static readonly string CreatedCopiesSql = $"""
        SELECT s.tid, s.modified, s.fetched_at, {WholeSql}
        FROM staging.sales_order s WHERE s.shop_id = $1 AND s.created >= $2 AND s.created < $3
        """;

    private static readonly string CopiesSql = $"""
        SELECT s.tid, s.modified, s.fetched_at, {WholeSql}
        FROM staging.sales_order s WHERE s.shop_id = $1 AND s.tid = ANY ($2)
        """;

    // The version of a copy that lost rows goes below any real read (fetched_at at the epoch), so the copy fetched again
    // wins the version rule even at the same modified and the same read second, and its lines and raw payload replace
    // what is left. Only while the copy is still damaged: a sink that wrote a whole copy meanwhile keeps it.
    private static readonly string DemoteSql = $"""
        UPDATE staging.sales_order s SET fetched_at = 'epoch'
        WHERE s.shop_id = $1 AND s.tid = ANY ($2) AND NOT {WholeSql}
        """;

    private const string InsertSql = """
        INSERT INTO etl.reconciliation (run_id, shop_id, slice_kind, range_start, range_end, depth, platform_count, staged_count,
            missing, stale, damaged, unknown, pending, repaired, owed, verdict, calls, stream)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        RETURNING id
        """;

    private const string InsertTradesSql = """
        INSERT INTO etl.reconciliation_trade (reconciliation_id, shop_id, tid, finding, listed_modified, staged_modified, repaired)
        SELECT $1, $2, t.tid, t.finding, t.listed, t.staged, t.repaired
        FROM unnest($3, $4, $5, $6, $7) AS t(tid, finding, listed, staged, repaired)
        ON CONFLICT DO NOTHING
        """;

    // The last reconcile of the shop before this one, if it never finished (killed), started within a day, and no
    // reconcile that covered the shop (its own, or one over every shop) finished after it: the day slices it settled
    // with nothing pending. Called under the shop's reconcile lock, so no live run can be behind that unfinished row.
    private const string SettledByDeadRunSql = """
        WITH last AS (
            SELECT u.run_id, u.ended_at, u.started_at FROM etl.run u
            WHERE u.command = 'reconcile' AND u.run_id < $2
              AND EXISTS (SELECT 1 FROM etl.reconciliation r WHERE r.run_id = u.run_id AND r.shop_id = $1)
            ORDER BY u.run_id DESC LIMIT 1)
        SELECT r.range_start, r.range_end, r.depth FROM etl.reconciliation r JOIN last ON last.run_id = r.run_id
        WHERE last.ended_at IS NULL AND last.started_at > now() - interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM etl.run f
                          WHERE f.command = 'reconcile' AND f.run_id > last.run_id AND f.run_id < $2 AND f.ended_at IS NOT NULL
                            AND (f.shop_id = $1 OR f.shop_id IS NULL))
          AND r.shop_id = $1 AND r.slice_kind = 'day' AND r.verdict IN ('ok', 'repaired') AND r.pending = 0
        """;

    // The trades of these shops a run's fetches left owed: open rows it opened or attempted again.
    private const string OwedByRunSql = """
        SELECT shop_id, stream, tid FROM etl.owed_trade
        WHERE shop_id = ANY ($1) AND resolved_at IS NULL AND last_run_id = $2
        ORDER BY shop_id, stream, tid
        """;

    private const string LastPerShopSql = """
        WITH last AS (
            SELECT DISTINCT ON (shop_id) shop_id, run_id FROM etl.reconciliation
            WHERE slice_kind IN ('day', 'recent') ORDER BY shop_id, id DESC)
        SELECT r.shop_id, r.run_id, max(r.checked_at), count(*),
               count(*) FILTER (WHERE r.verdict <> 'ok'),
               coalesce(sum(r.missing) FILTER (WHERE r.stream = 'trade'), 0), coalesce(sum(r.stale) FILTER (WHERE r.stream = 'trade'), 0),
               coalesce(sum(r.damaged) FILTER (WHERE r.stream = 'trade'), 0), coalesce(sum(r.repaired) FILTER (WHERE r.stream = 'trade'), 0),
               sum(r.owed), count(*) FILTER (WHERE r.verdict = 'unlisted')
        FROM etl.reconciliation r JOIN last ON last.shop_id = r.shop_id AND last.run_id = r.run_id
        GROUP BY r.shop_id, r.run_id ORDER BY r.shop_id
        """;

    /// <summary>Where the shop's trade backfill days end (its increments began there); null when it has none.</summary>
    public async Task<Instant?> BackfillEndAsync(string shopId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(BackfillEndSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        return await command.ExecuteScalarAsync(cancellationToken) is Instant end ? end : null;
    }

    /// <summary>The starts of the shop's days whose last check found unknown trades (staged, not listed by the platform).</summary>
    public async Task<IReadOnlySet<Instant>> DaysWithUnknownAsync(string shopId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DaysWithUnknownSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        var days = new HashSet<Instant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) days.Add(reader.GetFieldValue<Instant>(0));
        return days;
    }

    /// <summary>Staging's trades of the shop created in <paramref name="range"/> (a day's count to set beside the platform's).</summary>
    public Task<long> CountCreatedAsync(string shopId, Interval range, CancellationToken cancellationToken) =>
        CountAsync(CountCreatedSql, shopId, range, cancellationToken);

    /// <summary>Staging's trades (refunds) of the shop whose stored copy was modified in <paramref name="range"/>.</summary>
    public Task<long> CountModifiedAsync(string shopId, SyncStream stream, Interval range, CancellationToken cancellationToken) =>
        CountAsync(stream == SyncStream.Refund ? CountRefundsModifiedSql : CountModifiedSql, shopId, range, cancellationToken);

    /// <summary>Staging's copies of the shop's trades created in <paramref name="range"/>, by tid.</summary>
    public async Task<Dictionary<long, StagedCopy>> ReadCreatedAsync(string shopId, Interval range, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CreatedCopiesSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = range.Start });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = range.End });
        return await ReadCopiesAsync(command, cancellationToken);
    }

    /// <summary>
    /// Staging's copies of the given ids of the shop's <paramref name="stream"/>: trades by tid (whole: every line and the
    /// raw payload at the same version), refunds by refund_id (whole: the raw payload at the same version); absent ones are
    /// not in the result.
    /// </summary>
    public async Task<Dictionary<long, StagedCopy>> ReadCopiesAsync(string shopId, SyncStream stream, IReadOnlyCollection<long> ids,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        await using var command = IdsCommand(stream == SyncStream.Refund ? RefundCopiesSql : CopiesSql, shopId, ids);
        return await ReadCopiesAsync(command, cancellationToken);
    }

    /// <summary>Demotes the version of those of <paramref name="ids"/> (of <paramref name="stream"/>) whose copy is still damaged; returns how many.</summary>
    public async Task<int> DemoteDamagedAsync(string shopId, SyncStream stream, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return 0;
        await using var command = IdsCommand(stream == SyncStream.Refund ? DemoteRefundsSql : DemoteSql, shopId, ids);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Where the shop's refund backfill days start (every refund changed since is the sync's); null when it has none.</summary>
    public async Task<Instant?> RefundBackfillStartAsync(string shopId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RefundBackfillStartSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        return await command.ExecuteScalarAsync(cancellationToken) is Instant start ? start : null;
    }

    /// <summary>Records one checked slice and its trades in one transaction; returns its id.</summary>
    public async Task<long> RecordAsync(ReconciliationRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.RunId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.ShopId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.SliceKind });
            insert.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = row.Range.Start });
            insert.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = row.Range.End });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Depth });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.PlatformCount is { } count ? count : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.StagedCount });
            foreach (var value in new[] { row.Missing, row.Stale, row.Damaged, row.Unknown, row.Pending, row.Repaired, row.Owed })
                insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = value });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Verdict });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.Calls });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(row.Stream) });
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        if (row.Trades.Count > 0)
        {
            await using var trades = new NpgsqlCommand(InsertTradesSql, connection, transaction);
            trades.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            trades.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.ShopId });
            trades.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. row.Trades.Select(t => t.Tid)] });
            trades.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. row.Trades.Select(t => t.Finding)] });
            trades.Parameters.Add(new NpgsqlParameter<DateTime?[]>
            {
                TypedValue = [.. row.Trades.Select(t => t.ListedModified?.ToDateTimeUtc())], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            });
            trades.Parameters.Add(new NpgsqlParameter<DateTime?[]>
            {
                TypedValue = [.. row.Trades.Select(t => t.StagedModified?.ToDateTimeUtc())], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            });
            trades.Parameters.Add(new NpgsqlParameter<bool?[]> { TypedValue = [.. row.Trades.Select(t => t.Repaired)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
            await trades.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// The day slices (start, end, depth) the shop's last reconcile settled (ok or repaired) if that run never finished;
    /// empty when it finished or there is none. Call it holding the shop's reconcile lock.
    /// </summary>
    public async Task<IReadOnlyList<(Interval Range, string Depth)>> SettledByDeadRunAsync(string shopId, long currentRunId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SettledByDeadRunSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = currentRunId });
        var settled = new List<(Interval, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            settled.Add((new Interval(reader.GetFieldValue<Instant>(0), reader.GetFieldValue<Instant>(1)), reader.GetString(2)));
        return settled;
    }

    /// <summary>The open owed trades and refunds of <paramref name="shopIds"/> that run <paramref name="runId"/> opened or attempted again.</summary>
    public async Task<IReadOnlyList<(string ShopId, SyncStream Stream, long Id)>> OwedByRunAsync(IReadOnlyList<string> shopIds, long runId,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OwedByRunSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. shopIds] });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        var owed = new List<(string, SyncStream, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) owed.Add((reader.GetString(0), LedgerNames.StreamOf(reader.GetString(1)), reader.GetInt64(2)));
        return owed;
    }

    /// <summary>Each shop's last reconcile (its day and recent slices), for <c>status</c>.</summary>
    public async Task<IReadOnlyList<LastReconciliation>> LastPerShopAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LastPerShopSql);
        var rows = new List<LastReconciliation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LastReconciliation(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<Instant>(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10)));
        }

        return rows;
    }

    // $1 the shop, $2 the ids as one array: one statement for the whole set, never one per id.
    private NpgsqlCommand IdsCommand(string sql, string shopId, IReadOnlyCollection<long> ids)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        return command;
    }

    private async Task<long> CountAsync(string sql, string shopId, Interval range, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = range.Start });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = range.End });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<Dictionary<long, StagedCopy>> ReadCopiesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var copies = new Dictionary<long, StagedCopy>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            copies[reader.GetInt64(0)] = new StagedCopy(reader.GetFieldValue<Instant>(1), reader.GetFieldValue<Instant>(2), reader.GetBoolean(3));
        return copies;
    }
}
