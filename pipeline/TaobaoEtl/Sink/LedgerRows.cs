using Npgsql;
using NpgsqlTypes;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Sink;

/// <summary>The ledger rows a batch carries besides its data: quarantined input and dead letters.</summary>
internal static class LedgerRows
{
    public static async Task WriteQuarantineAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Rejection> rejections, long? runId, CancellationToken cancellationToken)
    {
        if (rejections.Count == 0) return;
        await using var command = new NpgsqlCommand(SinkSql.InsertQuarantine, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("shop_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rejections.Select(r => r.ShopId)] });
        command.Parameters.Add(new NpgsqlParameter<long?[]>("tids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. rejections.Select(r => r.Tid)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rejections.Select(r => r.Source)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rejections.Select(r => r.Reason)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("raw_texts", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rejections.Select(r => r.RawText)] });
        command.Parameters.Add(RunIdParameter(runId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task WriteDeadLettersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<DeadLetter> deadLetters, long? runId, CancellationToken cancellationToken)
    {
        if (deadLetters.Count == 0) return;
        // Sorted by key so parallel sinks take the dead-letter rows' locks in the same order.
        var ordered = deadLetters
            .OrderBy(d => d.ShopId, StringComparer.Ordinal).ThenBy(d => d.Kind)
            .ThenBy(d => d.Tid ?? d.RefundId ?? 0).ThenBy(d => d.WindowStart).ThenBy(d => d.Method, StringComparer.Ordinal);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var deadLetter in ordered)
        {
            if (deadLetter.Kind == DeadLetterKind.Window)
            {
                batch.BatchCommands.Add(DeadLetterCommand(SinkSql.RepeatWindowDeadLetter, deadLetter, runId));
                batch.BatchCommands.Add(DeadLetterCommand(SinkSql.InsertWindowDeadLetter, deadLetter, runId));
            }
            else
            {
                batch.BatchCommands.Add(DeadLetterCommand(
                    deadLetter.Kind == DeadLetterKind.Trade ? SinkSql.UpsertTradeDeadLetter : SinkSql.UpsertRefundDeadLetter, deadLetter, runId));
            }
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand DeadLetterCommand(string sql, DeadLetter d, long? runId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("shop_id", NpgsqlDbType.Text) { TypedValue = d.ShopId });
        command.Parameters.Add(new NpgsqlParameter<string>("kind", NpgsqlDbType.Text) { TypedValue = d.Kind.ToString().ToLowerInvariant() });
        command.Parameters.Add(Nullable("tid", NpgsqlDbType.Bigint, d.Tid));
        command.Parameters.Add(Nullable("refund_id", NpgsqlDbType.Bigint, d.RefundId));
        command.Parameters.Add(Nullable("window_start", NpgsqlDbType.TimestampTz, d.WindowStart?.ToDateTimeUtc()));
        command.Parameters.Add(Nullable("window_end", NpgsqlDbType.TimestampTz, d.WindowEnd?.ToDateTimeUtc()));
        command.Parameters.Add(new NpgsqlParameter<string>("method", NpgsqlDbType.Text) { TypedValue = d.Method });
        command.Parameters.Add(Nullable("code", NpgsqlDbType.Integer, d.Code));
        command.Parameters.Add(Nullable("sub_code", NpgsqlDbType.Text, d.SubCode));
        command.Parameters.Add(Nullable("sub_msg", NpgsqlDbType.Text, d.SubMsg));
        command.Parameters.Add(Nullable("request_id", NpgsqlDbType.Text, d.RequestId));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("seen", NpgsqlDbType.TimestampTz) { TypedValue = d.SeenAt.ToDateTimeUtc() });
        command.Parameters.Add(RunIdParameter(runId));
        return command;
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    private static NpgsqlParameter RunIdParameter(long? runId) => Nullable("run_id", NpgsqlDbType.Bigint, runId);
}
