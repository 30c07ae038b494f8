using Npgsql;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// The sync locks of one run: one PostgreSQL session advisory lock per shop, stream and kind of work
/// (backfill days or increment slices), all held on ONE connection of the run's own for its life. Per kind,
/// because a backfill (trades created before today 00:00) and an increment (trades modified since the
/// watermark) plan disjoint ledger rows and the version rule makes two writers of one trade harmless, so an
/// hours-long backfill must not turn every increment of its shops into a run that did nothing. On one
/// connection, because a session lock pins its session: a connection per shop would take 200 pooled
/// connections for 200 shops and starve the sinks. A killed run's session ends with its process, and every
/// lock with it.
/// </summary>
public sealed class ShopSyncLocks : IAsyncDisposable
{
    // "TBET" in ASCII: the lock space of this product, apart from the migrator's single-key lock.
    private const int LockSpace = 0x5442_4554;

    private const string TryLockSql = "SELECT pg_try_advisory_lock($1, hashtext($2))";
    private const string UnlockAllSql = "SELECT pg_advisory_unlock_all()";

    private readonly NpgsqlConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    private ShopSyncLocks(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Opens the run's lock connection (one pooled connection, held until disposed).</summary>
    public static async Task<ShopSyncLocks> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return new ShopSyncLocks(await dataSource.OpenConnectionAsync(cancellationToken));
    }

    /// <summary>The key two runs compete for: the same shop, stream and kind of work.</summary>
    public static string KeyOf(string shopId, SyncStream stream, WindowKind kind) =>
        shopId + "/" + LedgerNames.Of(stream) + "/" + LedgerNames.Of(kind);

    /// <summary>
    /// An SQL condition, true while some session holds the lock whose key <paramref name="keySql"/> (an SQL text
    /// expression of <see cref="KeyOf"/>'s form) computes. Read from <c>pg_locks</c>, where a two-key advisory lock
    /// shows its keys as <c>classid</c> and <c>objid</c> (unsigned) with <c>objsubid</c> 2.
    /// </summary>
    internal static string IsHeldSql(string keySql) => $"""
        EXISTS (SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid = {LockSpace}::oid
                  AND l.objid = (hashtext({keySql})::bigint & 4294967295)::oid)
        """;

    /// <summary>True when this run now holds the lock (or already did); false when another run holds it.</summary>
    public Task<bool> TryAcquireAsync(string shopId, SyncStream stream, WindowKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        return TryAcquireKeyAsync(KeyOf(shopId, stream, kind), cancellationToken);
    }

    /// <summary>
    /// The lock of a shop's reconcile (and resync): one at a time per shop, so a reconcile that holds it knows every
    /// unfinished reconcile run of the shop is dead (and may resume it). Apart from the sync locks: a reconcile repairs
    /// through the version rule and moves no watermark, so it never has to wait for an increment, nor one for it.
    /// </summary>
    public Task<bool> TryAcquireReconcileAsync(string shopId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        return TryAcquireKeyAsync(shopId + "/trade/reconcile", cancellationToken);
    }

    private async Task<bool> TryAcquireKeyAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Session locks stack per acquisition; one per key keeps the count honest.
            if (_held.Contains(key)) return true;
            await using var command = new NpgsqlCommand(TryLockSql, _connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockSpace });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            if (await command.ExecuteScalarAsync(cancellationToken) is not true) return false;
            _held.Add(key);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand(UnlockAllSql, _connection);
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is lost: its session, and every lock of it, ended with it.
        }
        finally
        {
            await _connection.DisposeAsync();
            _gate.Dispose();
        }
    }
}
