using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace TaobaoEtl.State;

/// <summary>One <c>etl.run</c> row per run: opened at start (its id tags windows and dead letters), closed with the tally.</summary>
public sealed class RunJournal(NpgsqlDataSource dataSource)
{
    private const string StartSql = """
        INSERT INTO etl.run (shop_id, command) VALUES (nullif($1, ''), $2) RETURNING run_id
        """;

    private const string FinishSql = """
        UPDATE etl.run SET
            ended_at = now(), status = $2, exit_code = $3,
            windows = $4, pages = $5, tids_listed = $6, detail_calls = $7, skipped_known = $8,
            rows_written = $9, dead_letters = $10, quarantined = $11, api_calls = $12, trades_per_s = $13,
            message = $14
        WHERE run_id = $1
        """;

    /// <summary>Opens a run; <paramref name="shopId"/> is null for a run over every shop.</summary>
    public async Task<long> StartAsync(string? shopId, string command, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        await using var insert = dataSource.CreateCommand(StartSql);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId ?? "" });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = command });
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Closes the run with its tally. <paramref name="message"/> must carry no secret.</summary>
    public async Task FinishAsync(long runId, RunStatus status, int exitCode, RunTally tally, string? message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tally);
        await using var update = dataSource.CreateCommand(FinishSql);
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StatusText(status) });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = exitCode });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tally.Windows });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tally.Pages });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tally.TidsListed });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tally.DetailCalls });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tally.SkippedKnown });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tally.RowsWritten });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tally.DeadLetters });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tally.Quarantined });
        update.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = JsonSerializer.Serialize(
                new Dictionary<string, long>(tally.ApiCalls, StringComparer.Ordinal), RunJsonContext.Default.DictionaryStringInt64),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        update.Parameters.Add(new NpgsqlParameter { Value = tally.TradesPerSecond is { } rate ? rate : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        update.Parameters.Add(new NpgsqlParameter { Value = message is null ? DBNull.Value : message, NpgsqlDbType = NpgsqlDbType.Text });
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            throw new InvalidOperationException($"Run {runId} does not exist.");
    }

    private static string StatusText(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
