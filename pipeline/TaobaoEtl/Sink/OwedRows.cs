using Npgsql;
using NpgsqlTypes;
using TaobaoEtl.State;

namespace TaobaoEtl.Sink;

/// <summary>
/// The batch's side of <c>etl.owed_trade</c>, in the batch's transaction: a trade stored by this batch is no longer
/// owed (resolved with the run id), and every failed attempt the batch carries opens the trade's owed row or counts
/// one more attempt on it, with its next attempt from <see cref="OwedBackoff"/>.
/// </summary>
internal static class OwedRows
{
    // A stored trade (inserted, updated, or found already current) is no longer owed — unless the same batch owes it
    // again (two listings of one trade, one answered, one refused): then it stays owed, the safe side, and the next
    // retry resolves it.
    private static readonly string ResolveSql = $"""
        UPDATE etl.owed_trade o SET resolved_at = now(), resolved_run_id = @run_id
        FROM (SELECT DISTINCT shop_id, tid FROM {SinkSql.TradeTemp}) b
        WHERE o.resolved_at IS NULL AND o.shop_id = b.shop_id AND o.tid = b.tid
          AND NOT EXISTS (SELECT 1 FROM unnest(@kept_shop_ids, @kept_tids) AS k(shop_id, tid) WHERE k.shop_id = o.shop_id AND k.tid = o.tid)
        """;

    // @delays is OwedBackoff.Schedule: entry n is the wait after n failed attempts, the last one for every later
    // attempt. An attempt counts only when it is later than the last one counted, so a replayed batch adds nothing.
    // Rows are written in key order, so parallel sinks lock them in the same order.
    private const string UpsertSql = """
        INSERT INTO etl.owed_trade AS o (shop_id, tid, cause, last_error, first_owed_at, last_attempt_at, next_attempt_at, first_run_id, last_run_id)
        SELECT q.shop_id, q.tid, q.cause, q.last_error, q.at, q.at, q.at + (@delays)[1], @run_id, @run_id
        FROM (
            SELECT DISTINCT ON (u.shop_id, u.tid) u.* FROM unnest(@shop_ids, @tids, @causes, @errors, @ats) AS u(shop_id, tid, cause, last_error, at)
            ORDER BY u.shop_id, u.tid, u.at DESC
        ) q
        ORDER BY q.shop_id, q.tid
        ON CONFLICT (shop_id, tid) WHERE resolved_at IS NULL DO UPDATE SET
            attempts = o.attempts + 1, cause = excluded.cause, last_error = excluded.last_error,
            last_attempt_at = excluded.last_attempt_at,
            next_attempt_at = excluded.last_attempt_at + (@delays)[least(o.attempts + 1, cardinality(@delays))],
            last_run_id = excluded.last_run_id
        WHERE excluded.last_attempt_at > o.last_attempt_at
        """;

    public static async Task ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SinkBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Trades.Count == 0) return;
        await using var command = new NpgsqlCommand(ResolveSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("kept_shop_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. batch.Owed.Select(o => o.ShopId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("kept_tids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Owed.Select(o => o.Tid)] });
        command.Parameters.Add(RunId(batch.RunId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SinkBatch batch, OwedBackoff backoff, CancellationToken cancellationToken)
    {
        if (batch.Owed.Count == 0) return;
        await using var command = new NpgsqlCommand(UpsertSql, connection, transaction);
        var owed = batch.Owed;
        command.Parameters.Add(new NpgsqlParameter<string[]>("shop_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. owed.Select(o => o.ShopId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("tids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. owed.Select(o => o.Tid)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("causes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. owed.Select(o => o.CauseText)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. owed.Select(o => o.LastError)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. owed.Select(o => o.AttemptedAt.ToDateTimeUtc())] });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan[]>("delays", NpgsqlDbType.Array | NpgsqlDbType.Interval) { TypedValue = [.. backoff.Schedule.Select(d => d.ToTimeSpan())] });
        command.Parameters.Add(RunId(batch.RunId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter RunId(long? runId) => new("run_id", NpgsqlDbType.Bigint) { Value = runId ?? (object)DBNull.Value };
}
