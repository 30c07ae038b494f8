using Microsoft.Extensions.Logging;
using Npgsql;
using TaobaoEtl.State;

namespace TaobaoEtl.Harness.Chaos;

/// <summary>A fresh, migrated database with a unique name on the configured server, for one chaos run.</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private ScratchDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>Carries the configured credentials: it goes to the sync children's environment, never to output.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// A new data source: pooled connections do not survive an immediate database restart, so each phase of a run
    /// (migrate, verify) opens its own.
    /// </summary>
    public NpgsqlDataSource OpenDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseNodaTime();
        return builder.Build();
    }

    /// <summary>Left in place when the run lost something, so it can be inspected.</summary>
    public bool Keep { get; set; }

    public static async Task<ScratchDatabase> CreateAsync(string adminConnectionString, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // The name only has to be unique; it decides nothing in the run, so it may use a Guid.
        var name = "etl_chaos_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var database = new ScratchDatabase(adminConnectionString, name,
            new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString);
        await using var dataSource = database.OpenDataSource();
        await new SchemaMigrator(dataSource, loggers.CreateLogger<SchemaMigrator>()).MigrateAsync(Migration.Embedded(), cancellationToken);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (Keep) return;
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
