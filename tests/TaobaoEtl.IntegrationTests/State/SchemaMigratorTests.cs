using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class SchemaMigratorTests
{
    private const string SchemaFingerprintSql =
        """
        SELECT md5(string_agg(format('%s.%s.%s:%s:%s', table_schema, table_name, column_name, data_type, is_nullable),
                              ',' ORDER BY table_schema, table_name, ordinal_position))
        FROM information_schema.columns
        WHERE table_schema IN ('raw', 'staging', 'etl')
        """;

    private static SchemaMigrator Migrator(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task Applying_twice_changes_nothing_the_second_time()
    {
        await using var db = await PostgresDatabase.EmptyAsync();
        var first = await Migrator(db.DataSource).MigrateAsync(Migration.Embedded(), CancellationToken.None);
        var fingerprint = await db.ScalarAsync<string>(SchemaFingerprintSql);
        var recorded = await db.ScalarAsync<long>("SELECT count(*) FROM etl.schema_migration");

        var second = await Migrator(db.DataSource).MigrateAsync(Migration.Embedded(), CancellationToken.None);

        Assert.Equal(Migration.Embedded().Count, first.Applied.Count);
        Assert.Empty(second.Applied);
        Assert.Equal(first.Applied.Count, second.AlreadyApplied);
        Assert.Equal(fingerprint, await db.ScalarAsync<string>(SchemaFingerprintSql));
        Assert.Equal(recorded, await db.ScalarAsync<long>("SELECT count(*) FROM etl.schema_migration"));
    }

    [Fact]
    public async Task Two_concurrent_migrators_apply_each_migration_once()
    {
        await using var db = await PostgresDatabase.EmptyAsync();
        // Two data sources so the two migrators really use separate sessions, as two processes would.
        await using var other = NpgsqlDataSource.Create(db.ConnectionString);
        var both = await Task.WhenAll(
            Task.Run(() => Migrator(db.DataSource).MigrateAsync(Migration.Embedded(), CancellationToken.None)),
            Task.Run(() => Migrator(other).MigrateAsync(Migration.Embedded(), CancellationToken.None)));

        var all = Migration.Embedded().Count;
        Assert.Single(both, outcome => outcome.Applied.Count == all);
        Assert.Single(both, outcome => outcome.Applied.Count == 0 && outcome.AlreadyApplied == all);
        Assert.Equal(all, await db.ScalarAsync<long>("SELECT count(*) FROM etl.schema_migration"));
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_is_refused()
    {
        await using var db = await PostgresDatabase.EmptyAsync();
        await Migrator(db.DataSource).MigrateAsync(Migration.Embedded(), CancellationToken.None);
        var edited = Migration.Embedded()
            .Select((m, i) => i == 0 ? m with { Sql = m.Sql + "\n-- edited" } : m)
            .ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Migrator(db.DataSource).MigrateAsync(edited, CancellationToken.None));
        Assert.Contains(edited[0].Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_applied()
    {
        await using var db = await PostgresDatabase.EmptyAsync();
        var broken = Migration.Embedded().Append(new Migration(999, "999_broken", "CREATE TABLE etl.x (; -- syntax error")).ToList();

        await Assert.ThrowsAsync<PostgresException>(() => Migrator(db.DataSource).MigrateAsync(broken, CancellationToken.None));

        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('staging', 'raw')"));
    }
}
