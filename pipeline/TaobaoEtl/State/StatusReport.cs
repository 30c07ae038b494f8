using NodaTime;
using Npgsql;

namespace TaobaoEtl.State;

/// <summary>A shop's sync position as the committed state tells it.</summary>
public sealed record StreamPosition(string ShopId, string Stream, Instant Watermark);

/// <summary>The ledger's windows of one shop, stream, kind and status.</summary>
public sealed record WindowCount(string ShopId, string Stream, string Kind, string Status, long Windows, long Pages, long Listed, long Fetched, long Skipped);

/// <summary>A window not done that failed or was tried more than once: a stretch that keeps failing pins its watermark.</summary>
public sealed record FailingWindow(string ShopId, string Stream, string Kind, Interval Range, string Status, int Attempts, Instant UpdatedAt);

/// <summary>A shop whose session the platform refused (code 27), waiting since <see cref="Since"/> for re-authorization.</summary>
public sealed record ReauthorizeNeeded(string ShopId, string? SellerNick, Instant? Since);

/// <summary>Open dead letters of one shop and kind.</summary>
public sealed record DeadLetterCount(string ShopId, string Kind, long Open);

/// <summary>
/// Open owed rows of one shop and stream (<see cref="Stream"/>: 'trade' or 'refund', as <see cref="StreamPosition.Stream"/>):
/// how many, how many are due for a retry now, the oldest and the most attempts.
/// </summary>
public sealed record OwedCount(string ShopId, long Open, long Due, Instant OldestOwedAt, int MostAttempts)
{
    public string Stream { get; init; } = "trade";
}

/// <summary>One <c>etl.run</c> row with its tally.</summary>
public sealed record RunLine(long RunId, string? ShopId, string Command, string Status, int? ExitCode, Instant StartedAt, Instant? EndedAt,
    int Windows, int Pages, long TidsListed, long DetailCalls, long SkippedKnown, long RowsWritten, int DeadLetters, int Quarantined,
    decimal? TradesPerSecond, string? Message);

/// <summary>The state of the database as an operator asks for it: schema, tables, watermarks, windows, dead letters, recent runs.</summary>
public sealed record StatusReport(
    int SchemaVersion,
    IReadOnlyList<(string Table, long Rows)> Tables,
    IReadOnlyList<StreamPosition> Positions,
    long OpenDeadLetters,
    long Quarantined,
    IReadOnlyList<(long RunId, string Command, string Status, Instant StartedAt)> RecentRuns)
{
    /// <summary>The window ledger by shop, stream, kind and status.</summary>
    public IReadOnlyList<WindowCount> Windows { get; init; } = [];

    /// <summary>Windows not done that failed or were tried more than once, most attempts first (at most <see cref="FailingWindowsShown"/>).</summary>
    public IReadOnlyList<FailingWindow> FailingWindows { get; init; } = [];

    /// <summary>Shops waiting for their seller to re-authorize the app.</summary>
    public IReadOnlyList<ReauthorizeNeeded> Reauthorize { get; init; } = [];

    public const int FailingWindowsShown = 20;

    /// <summary>Open dead letters by shop and kind.</summary>
    public IReadOnlyList<DeadLetterCount> DeadLettersByShop { get; init; } = [];

    /// <summary>Open owed trades and refunds by shop and stream (due = next attempt at or before the database's now).</summary>
    public IReadOnlyList<OwedCount> OwedByShop { get; init; } = [];

    /// <summary>The last runs, newest first, with their tallies.</summary>
    public IReadOnlyList<RunLine> Runs { get; init; } = [];

    /// <summary>Each known shop's sync mode (normal, or degraded while its calls keep failing).</summary>
    public IReadOnlyList<(string ShopId, ShopHealth Health)> Modes { get; init; } = [];

    /// <summary>Each shop's last reconcile: what it checked, found, repaired and left owed.</summary>
    public IReadOnlyList<LastReconciliation> Reconciliations { get; init; } = [];

    private static readonly string[] CountedTables =
    [
        "staging.sales_order", "staging.sales_order_line", "staging.refund", "raw.trade", "raw.refund",
        "etl.window", "etl.run", "etl.dead_letter", "etl.quarantine", "etl.owed_trade",
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

        var windows = new List<WindowCount>();
        await using (var command = new NpgsqlCommand("""
            SELECT shop_id, stream, kind, status, count(*), coalesce(sum(pages), 0), coalesce(sum(listed), 0), coalesce(sum(fetched), 0), coalesce(sum(skipped), 0)
            FROM etl.window GROUP BY shop_id, stream, kind, status ORDER BY shop_id, stream, kind, status
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                windows.Add(new WindowCount(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)));
            }
        }

        var letters = new List<DeadLetterCount>();
        await using (var command = new NpgsqlCommand(
            "SELECT shop_id, kind, count(*) FROM etl.dead_letter WHERE resolved_at IS NULL GROUP BY shop_id, kind ORDER BY shop_id, kind", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                letters.Add(new DeadLetterCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        var owed = new List<OwedCount>();
        await using (var command = new NpgsqlCommand("""
            SELECT shop_id, count(*), count(*) FILTER (WHERE next_attempt_at <= now()), min(first_owed_at), max(attempts), stream
            FROM etl.owed_trade WHERE resolved_at IS NULL GROUP BY shop_id, stream ORDER BY shop_id, stream
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                owed.Add(new OwedCount(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<Instant>(3), reader.GetInt32(4))
                {
                    Stream = reader.GetString(5),
                });
            }
        }

        var lines = new List<RunLine>();
        await using (var command = new NpgsqlCommand("""
            SELECT run_id, shop_id, command, status, exit_code, started_at, ended_at, windows, pages, tids_listed, detail_calls,
                   skipped_known, rows_written, dead_letters, quarantined, trades_per_s, message
            FROM etl.run ORDER BY run_id DESC LIMIT 10
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new RunLine(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetFieldValue<Instant>(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<Instant>(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt64(9),
                    reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt32(13), reader.GetInt32(14),
                    reader.IsDBNull(15) ? null : reader.GetDecimal(15), reader.IsDBNull(16) ? null : reader.GetString(16)));
            }
        }

        var failing = new List<FailingWindow>();
        await using (var command = new NpgsqlCommand($"""
            SELECT shop_id, stream, kind, range_start, range_end, status, attempts, updated_at FROM etl.window
            WHERE status <> 'done' AND (status = 'failed' OR attempts > 1)
            ORDER BY attempts DESC, shop_id, range_start LIMIT {FailingWindowsShown}
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                failing.Add(new FailingWindow(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    new Interval(reader.GetFieldValue<Instant>(3), reader.GetFieldValue<Instant>(4)), reader.GetString(5), reader.GetInt32(6),
                    reader.GetFieldValue<Instant>(7)));
            }
        }

        var reauthorize = new List<ReauthorizeNeeded>();
        await using (var command = new NpgsqlCommand(
            "SELECT shop_id, seller_nick, reauthorize_since FROM etl.shop WHERE reauthorize_required ORDER BY shop_id", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                reauthorize.Add(new ReauthorizeNeeded(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<Instant>(2)));
            }
        }

        return new StatusReport(version, tables, positions, deadLetters, quarantined, runs)
        {
            FailingWindows = failing,
            Reauthorize = reauthorize,
            Windows = windows,
            DeadLettersByShop = letters,
            OwedByShop = owed,
            Runs = lines,
            Reconciliations = await new ReconciliationBook(dataSource).LastPerShopAsync(cancellationToken),
            Modes = [.. (await new ShopHealthBook(dataSource).ReadAllAsync(cancellationToken)).Select(pair => (pair.Key, pair.Value))],
        };
    }
}
