using Microsoft.Extensions.Logging;
using Npgsql;

namespace TaobaoEtl.State;

/// <summary>What one <see cref="SchemaMigrator.MigrateAsync"/> did.</summary>
public sealed record MigrationOutcome(IReadOnlyList<string> Applied, int AlreadyApplied);

/// <summary>
/// Applies the embedded migrations in order, each once, all pending ones in one transaction. A
/// transaction-scoped advisory lock serialises concurrent migrators: the second waits, then finds
/// nothing left to do.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // An arbitrary constant shared by every migrator of this product ("TBETL" in ASCII).
    private const long LockKey = 0x5442_4554_4C;

    public async Task<MigrationOutcome> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var ledger = new NpgsqlCommand(
            """
            CREATE SCHEMA IF NOT EXISTS etl;
            CREATE TABLE IF NOT EXISTS etl.schema_migration (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, connection, transaction))
        {
            await ledger.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new Dictionary<int, string>();
        await using (var read = new NpgsqlCommand("SELECT version, checksum FROM etl.schema_migration", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        var newlyApplied = new List<string>();
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Name} was changed after it was applied; add a new migration instead.");
                }

                continue;
            }

            LogApplying(migration.Name);
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                await apply.ExecuteNonQueryAsync(cancellationToken);
            await using (var record = new NpgsqlCommand(
                "INSERT INTO etl.schema_migration (version, name, checksum) VALUES (@v, @n, @c)", connection, transaction))
            {
                record.Parameters.AddWithValue("v", migration.Version);
                record.Parameters.AddWithValue("n", migration.Name);
                record.Parameters.AddWithValue("c", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            newlyApplied.Add(migration.Name);
        }

        await transaction.CommitAsync(cancellationToken);
        LogDone(newlyApplied.Count, applied.Count);
        return new MigrationOutcome(newlyApplied, applied.Count);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Applying migration {Migration}")]
    private partial void LogApplying(string migration);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Migrations: {Applied} applied now, {AlreadyApplied} were already applied")]
    private partial void LogDone(int applied, int alreadyApplied);
}
