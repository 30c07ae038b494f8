using Npgsql;
using TaobaoEtl.IntegrationTests.Infrastructure;

namespace TaobaoEtl.IntegrationTests.Bench;

/// <summary>The bench databases on the test server, to see that a bench run drops what it created.</summary>
internal sealed class PostgresDatabaseList : IAsyncDisposable
{
    private readonly NpgsqlDataSource _server = NpgsqlDataSource.Create(PostgresDatabase.AdminConnectionString);

    public async Task<string[]> BenchDatabasesAsync()
    {
        await using var command = _server.CreateCommand("SELECT datname FROM pg_database WHERE datname LIKE 'taobao\\_etl\\_bench\\_%' ORDER BY datname");
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return [.. names];
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
