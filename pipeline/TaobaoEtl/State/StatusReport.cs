using NodaTime;
using Npgsql;

namespace TaobaoEtl.State;

/// <summary>A shop's sync position as the committed state tells it.</summary>
public sealed record StreamPosition(string ShopId, string Stream, Instant Watermark);

/// <summary>The state of the database as an operator asks for it: schema, tables, watermarks, recent runs.</summary>
public sealed record StatusReport(
    int SchemaVersion,
    IReadOnlyList<(string Table, long Rows)> Tables,
    IReadOnlyList<StreamPosition> Positions,
    long OpenDeadLetters,
    long Quarantined,
    IReadOnlyList<(long RunId, string Command, string Status, Instant StartedAt)> RecentRuns)
{
    private static readonly string[] CountedTables =
    [
        "staging.sales_order", "staging.sales_order_line", "staging.refund", "raw.trade", "raw.refund",
        "etl.window", "etl.run", "etl.dead_letter", "etl.quarantine",
    ];

    public static async Task<StatusReport> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var version = 0;
        await using (var command = new NpgsqlCommand(
            "SELECT coalesce(max(version), 0) FROM etl.schema_migration", connection))
        {
            version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var tables = new List<(string, long)>();
        foreach (var table in CountedTables)
        {
            // Table names come from the constant list above, never from input.
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            tables.Add((table, (long)(await count.ExecuteScalarAsync(cancellationToken))!));
        }

        var positions = new List<StreamPosition>();
        await using (var command = new NpgsqlCommand(
            "SELECT shop_id, stream, watermark FROM etl.sync_state ORDER BY shop_id, stream", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                positions.Add(new StreamPosition(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<Instant>(2)));
        }

        long deadLetters, quarantined;
        await using (var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM etl.dead_letter WHERE resolved_at IS NULL), (SELECT count(*) FROM etl.quarantine)", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            deadLetters = reader.GetInt64(0);
            quarantined = reader.GetInt64(1);
        }

        var runs = new List<(long, string, string, Instant)>();
        await using (var command = new NpgsqlCommand(
            "SELECT run_id, command, status, started_at FROM etl.run ORDER BY run_id DESC LIMIT 10", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                runs.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<Instant>(3)));
        }

        return new StatusReport(version, tables, positions, deadLetters, quarantined, runs);
    }
}
