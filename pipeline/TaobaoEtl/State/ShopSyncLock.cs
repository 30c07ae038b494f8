using Npgsql;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// One run per shop and stream at a time: a PostgreSQL session advisory lock held on a connection of its
/// own for the run's life. Two overlapping runs (a slow cron job and the next one) would re-plan each
/// other's increment slices in the ledger; the second one finds the lock taken and leaves. A killed run's
/// session ends with its process, and the lock with it.
/// </summary>
public sealed class ShopSyncLock : IAsyncDisposable
{
    // "TBET" in ASCII: the lock space of this product, apart from the migrator's single-key lock.
    private const int LockSpace = 0x5442_4554;

    private const string TryLockSql = "SELECT pg_try_advisory_lock($1, hashtext($2))";
    private const string UnlockSql = "SELECT pg_advisory_unlock($1, hashtext($2))";

    private readonly NpgsqlConnection _connection;
    private readonly string _key;

    private ShopSyncLock(NpgsqlConnection connection, string key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null when another run holds it.</summary>
    public static async Task<ShopSyncLock?> TryAcquireAsync(NpgsqlDataSource dataSource, string shopId, SyncStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        var key = shopId + "/" + LedgerNames.Of(stream);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(TryLockSql, connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockSpace });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
                return new ShopSyncLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand(UnlockSql, _connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockSpace });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _key });
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        finally
        {
            // Even if the unlock failed (connection lost), closing the session releases the lock.
            await _connection.DisposeAsync();
        }
    }
}
