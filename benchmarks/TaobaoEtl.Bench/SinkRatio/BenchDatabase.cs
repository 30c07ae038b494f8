using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaobaoEtl.State;

namespace TaobaoEtl.Bench.SinkRatio;

/// <summary>
/// A fresh database on the configured server, migrated like production, dropped on disposal: a sink measured on
/// empty tables of the real schema, and no bench row ever left in the configured database.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private BenchDatabase(string serverConnectionString, string name, NpgsqlDataSource dataSource, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        DataSource = dataSource;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Holds the server's secret: never log it.</summary>
    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        var name = "taobao_etl_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(serverConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var database = Open(serverConnectionString, name);
        try
        {
            await new SchemaMigrator(database.DataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(Migration.Embedded(), cancellationToken);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return database;
    }

    /// <summary>
    /// A copy of this database as it stands (<c>CREATE DATABASE … TEMPLATE</c>), so that two runs can start from the
    /// same state: PostgreSQL copies a template only while nobody is connected to it, so this database's pool is emptied first.
    /// </summary>
    public async Task<BenchDatabase> CloneAsync(CancellationToken cancellationToken)
    {
        var name = "taobao_etl_bench_" + Guid.NewGuid().ToString("N")[..12];
        DataSource.Clear();
        await using (var admin = new NpgsqlConnection(_serverConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {Name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return Open(_serverConnectionString, name);
    }

    private static BenchDatabase Open(string serverConnectionString, string name)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Database = name,
            ApplicationName = "taobao-etl bench",
            // A bench of 1M trades writes long batches; the default 30 s is a production guard, not a bench one.
            CommandTimeout = 0,
        }.ConnectionString;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNodaTime();
        return new BenchDatabase(serverConnectionString, name, builder.Build(), connectionString);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_serverConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
