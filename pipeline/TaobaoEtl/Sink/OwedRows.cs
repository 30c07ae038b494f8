using Npgsql;
using NpgsqlTypes;
using TaobaoEtl.State;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Sink;

/// <summary>
/// The batch's side of <c>etl.owed_trade</c>, in the batch's transaction: a trade (refund) stored by this batch is no
/// longer owed (resolved with the run id), and every failed attempt the batch carries opens the owed row of its stream
/// and key or counts one more attempt on it, with its next attempt from <see cref="OwedBackoff"/>.
/// </summary>
internal static class OwedRows
{
    // A trade the batch carries is no longer owed once the stored copy (after this batch's upsert) holds the version
    // its listing named: another window may have read an older copy before the change and commit it after the refusal,
    // and resolving on that copy would leave the trade stale for good (the listing window is done). A row without a
    // listed version (refetch, the owed retry) resolves on any stored copy. It stays owed, the safe side, when the same
    // batch owes it again (two listings of one trade, one answered, one refused); the next retry resolves it.
    // A refund the batch carries resolves its owed refund row by the same rule against staging.refund; the stream
    // keeps a refund_id from resolving the trade with the same number, and the other way round.
    private static readonly string ResolveTradesSql = ResolveSql("trade", SinkSql.TradeTemp, "tid", "staging.sales_order");
    private static readonly string ResolveRefundsSql = ResolveSql("refund", SinkSql.RefundTemp, "refund_id", "staging.refund");

    // The rows are locked in key order first (a locking SELECT sorts before it locks), as the upsert below writes them: a
    // batch resolving T1, T2 and a parallel batch owing T1, T2 again (an owed retry beside a window) then wait for one
    // another instead of deadlocking.
    private static string ResolveSql(string stream, string batchTable, string key, string stagingTable) => $"""
        WITH due AS (
            SELECT o.id FROM etl.owed_trade o
            JOIN (SELECT DISTINCT shop_id, {key} FROM {batchTable}) b ON o.shop_id = b.shop_id AND o.tid = b.{key}
            WHERE o.resolved_at IS NULL AND o.stream = '{stream}'
              AND EXISTS (SELECT 1 FROM {stagingTable} s
                          WHERE s.shop_id = o.shop_id AND s.{key} = o.tid AND (o.listed_modified IS NULL OR s.modified >= o.listed_modified))
              AND NOT EXISTS (SELECT 1 FROM unnest(@kept_shop_ids, @kept_tids) AS k(shop_id, tid) WHERE k.shop_id = o.shop_id AND k.tid = o.tid)
            ORDER BY o.shop_id, o.stream, o.tid
            FOR UPDATE OF o
        )
        UPDATE etl.owed_trade o SET resolved_at = now(), resolved_run_id = @run_id
        FROM due WHERE o.id = due.id
        """;

    // @delays is OwedBackoff.Schedule: entry n is the wait after n failed attempts, the last one for every later
    // attempt. An attempt counts only when it is later than the last one counted, so a replayed batch adds nothing.
    // The listed version only grows (greatest ignores a null: an attempt without a listing keeps the bar), also from an
    // attempt at the same instant. Rows are written in key order, so parallel sinks lock them in the same order.
    private const string UpsertSql = """
        INSERT INTO etl.owed_trade AS o (shop_id, stream, tid, cause, last_error, first_owed_at, last_attempt_at, next_attempt_at, first_run_id, last_run_id, listed_modified)
        SELECT q.shop_id, q.stream, q.tid, q.cause, q.last_error, q.at, q.at, q.at + (@delays)[1], @run_id, @run_id, q.listed_modified
        FROM (
            SELECT DISTINCT ON (u.shop_id, u.stream, u.tid) u.shop_id, u.stream, u.tid, u.cause, u.last_error, u.at,
                   max(u.listed_modified) OVER (PARTITION BY u.shop_id, u.stream, u.tid) AS listed_modified
            FROM unnest(@shop_ids, @streams, @tids, @causes, @errors, @ats, @listed) AS u(shop_id, stream, tid, cause, last_error, at, listed_modified)
            ORDER BY u.shop_id, u.stream, u.tid, u.at DESC
        ) q
        ORDER BY q.shop_id, q.stream, q.tid
        ON CONFLICT (shop_id, stream, tid) WHERE resolved_at IS NULL DO UPDATE SET
            attempts = o.attempts + CASE WHEN excluded.last_attempt_at > o.last_attempt_at THEN 1 ELSE 0 END,
            cause = CASE WHEN excluded.last_attempt_at > o.last_attempt_at THEN excluded.cause ELSE o.cause END,
            last_error = CASE WHEN excluded.last_attempt_at > o.last_attempt_at THEN excluded.last_error ELSE o.last_error END,
            next_attempt_at = CASE WHEN excluded.last_attempt_at > o.last_attempt_at
                THEN excluded.last_attempt_at + (@delays)[least(o.attempts + 1, cardinality(@delays))] ELSE o.next_attempt_at END,
            last_run_id = CASE WHEN excluded.last_attempt_at > o.last_attempt_at THEN excluded.last_run_id ELSE o.last_run_id END,
            last_attempt_at = greatest(o.last_attempt_at, excluded.last_attempt_at),
            listed_modified = greatest(o.listed_modified, excluded.listed_modified)
        WHERE excluded.last_attempt_at > o.last_attempt_at OR excluded.listed_modified > coalesce(o.listed_modified, '-infinity')
        """;

    public static async Task ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SinkBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Trades.Count > 0) await ResolveAsync(connection, transaction, batch, SyncStream.Trade, ResolveTradesSql, cancellationToken);
        if (batch.Refunds.Count > 0) await ResolveAsync(connection, transaction, batch, SyncStream.Refund, ResolveRefundsSql, cancellationToken);
    }

    private static async Task ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SinkBatch batch, SyncStream stream, string sql,
        CancellationToken cancellationToken)
    {
        var kept = batch.Owed.Where(o => o.Stream == stream).ToList();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("kept_shop_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. kept.Select(o => o.ShopId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("kept_tids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. kept.Select(o => o.Tid)] });
        command.Parameters.Add(RunId(batch.RunId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SinkBatch batch, OwedBackoff backoff, CancellationToken cancellationToken)
    {
        if (batch.Owed.Count == 0) return;
        await using var command = new NpgsqlCommand(UpsertSql, connection, transaction);
        var owed = batch.Owed;
        command.Parameters.Add(new NpgsqlParameter<string[]>("shop_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. owed.Select(o => o.ShopId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("streams", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. owed.Select(o => LedgerNames.Of(o.Stream))] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("tids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. owed.Select(o => o.Tid)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("causes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. owed.Select(o => o.CauseText)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. owed.Select(o => o.LastError)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. owed.Select(o => o.AttemptedAt.ToDateTimeUtc())] });
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]>("listed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            TypedValue = [.. owed.Select(o => o.ListedModified?.ToDateTimeUtc())],
        });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan[]>("delays", NpgsqlDbType.Array | NpgsqlDbType.Interval) { TypedValue = [.. backoff.Schedule.Select(d => d.ToTimeSpan())] });
        command.Parameters.Add(RunId(batch.RunId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter RunId(long? runId) => new("run_id", NpgsqlDbType.Bigint) { Value = runId ?? (object)DBNull.Value };
}
