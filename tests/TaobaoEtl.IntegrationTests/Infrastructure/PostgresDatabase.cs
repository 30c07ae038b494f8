using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaobaoEtl.State;

namespace TaobaoEtl.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, migrated database on the real PostgreSQL that <c>./run.sh test</c> started (or the one
/// TAOBAOETL__Database__ConnectionString names), dropped when the test class is done.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string ConnectionStringVariable = "TAOBAOETL__Database__ConnectionString";

    private readonly bool _migrate;

    public PostgresDatabase() : this(migrate: true) { }

    private PostgresDatabase(bool migrate) => _migrate = migrate;

    /// <summary>An empty database with no migration applied, created; the caller disposes it (which drops it).</summary>
    public static async Task<PostgresDatabase> EmptyAsync()
    {
        var database = new PostgresDatabase(migrate: false);
        await database.InitializeAsync();
        return database;
    }

    public string Name { get; } = "etl_test_" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable)
        ?? throw new InvalidOperationException(
            $"{ConnectionStringVariable} is not set: run the integration tests through './run.sh test', which starts PostgreSQL.");

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name, Pooling = true }.ConnectionString;
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseNodaTime();
        DataSource = builder.Build();
        if (_migrate)
        {
            await new SchemaMigrator(DataSource, NullLogger<SchemaMigrator>.Instance)
                .MigrateAsync(Migration.Embedded(), CancellationToken.None);
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first column of every row, in the query's order.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
