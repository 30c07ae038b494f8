using Npgsql;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// What the committed state says about a shop before a run plans: its watermark per stream and the
/// backfill days already done.
/// </summary>
public sealed class SyncStateStore(NpgsqlDataSource dataSource)
{
    private const string ReadWatermarkSql = "SELECT watermark FROM etl.sync_state WHERE shop_id = $1 AND stream = $2";

    private const string EnsureWatermarkSql = """
        WITH inserted AS (
            INSERT INTO etl.sync_state (shop_id, stream, watermark) VALUES ($1, $2, $3)
            ON CONFLICT (shop_id, stream) DO NOTHING
            RETURNING watermark)
        SELECT watermark FROM inserted
        UNION ALL
        SELECT watermark FROM etl.sync_state WHERE shop_id = $1 AND stream = $2
        LIMIT 1
        """;

    private const string DoneDaysSql = """
        SELECT range_start FROM etl.window
        WHERE shop_id = $1 AND stream = $2 AND kind = 'backfill_day' AND status = 'done'
        """;

    private const string EnsureShopSql = """
        INSERT INTO etl.shop AS s (shop_id, seller_nick) VALUES ($1, nullif($2, ''))
        ON CONFLICT (shop_id) DO UPDATE SET seller_nick = coalesce(excluded.seller_nick, s.seller_nick), updated_at = now()
        WHERE s.seller_nick IS DISTINCT FROM coalesce(excluded.seller_nick, s.seller_nick)
        """;

    private const string RebaseSql = """
        UPDATE etl.sync_state SET watermark = $3, updated_at = now()
        WHERE shop_id = $1 AND stream = $2 AND watermark < $3
        """;

    // The first refusal sets "since"; later ones keep it, so it says how long the shop has been waiting.
    private const string MarkReauthorizeSql = """
        UPDATE etl.shop SET reauthorize_required = true, reauthorize_since = coalesce(reauthorize_since, $2), updated_at = now()
        WHERE shop_id = $1
        """;

    private const string ClearReauthorizeSql = """
        UPDATE etl.shop SET reauthorize_required = false, reauthorize_since = NULL, updated_at = now()
        WHERE shop_id = ANY($1) AND (reauthorize_required OR reauthorize_since IS NOT NULL)
        """;

    /// <summary>The stream's watermark, or null when the shop has never been synced.</summary>
    public async Task<Instant?> ReadWatermarkAsync(string shopId, SyncStream stream, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadWatermarkSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        return await command.ExecuteScalarAsync(cancellationToken) is Instant watermark ? watermark : null;
    }

    /// <summary>
    /// Sets the watermark to <paramref name="initial"/> if the stream has none (typically
    /// <see cref="IncrementSlicer.InitialWatermark"/>: today 00:00, where the backfill ends) and returns the
    /// stored one. An existing watermark is never changed here.
    /// </summary>
    public async Task<Instant> EnsureWatermarkAsync(string shopId, SyncStream stream, Instant initial, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(EnsureWatermarkSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = initial });
        if (await command.ExecuteScalarAsync(cancellationToken) is Instant stored) return stored;
        // A concurrent first insert committed after this statement's snapshot: it is visible now.
        return await ReadWatermarkAsync(shopId, stream, cancellationToken)
            ?? throw new InvalidOperationException($"The {LedgerNames.Of(stream)} watermark of shop {shopId} vanished while it was set.");
    }

    /// <summary>The starts of the backfill days recorded done (feed to <see cref="BackfillCalendar.Remaining"/>).</summary>
    public async Task<IReadOnlySet<Instant>> ReadDoneBackfillDaysAsync(string shopId, SyncStream stream, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DoneDaysSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        var days = new HashSet<Instant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days.Add(reader.GetFieldValue<Instant>(0));
        return days;
    }

    /// <summary>Registers the shop (idempotent); a blank nick keeps the stored one.</summary>
    public async Task EnsureShopAsync(string shopId, string? sellerNick, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(EnsureShopSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sellerNick ?? "" });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Moves a watermark that fell behind the platform's horizon up to it; the backfill that calls this lists
    /// every trade created since the horizon, and the increment lists every trade modified since it. What was
    /// modified between the old watermark and the horizon the platform no longer lists by <c>modified</c>:
    /// only those trades the backfill reaches (created since the horizon) are recovered. True when it moved.
    /// </summary>
    public async Task<bool> RebaseBehindHorizonAsync(string shopId, SyncStream stream, Instant horizon, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RebaseSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = horizon });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Marks the shop as waiting for re-authorization (code 27), since <paramref name="since"/> unless already marked.</summary>
    public async Task MarkReauthorizeAsync(string shopId, Instant since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MarkReauthorizeSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = since });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Clears the re-authorization mark of shops whose session the platform accepted through a whole run.</summary>
    public async Task ClearReauthorizeAsync(IReadOnlyCollection<string> shopIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shopIds);
        if (shopIds.Count == 0) return;
        await using var command = dataSource.CreateCommand(ClearReauthorizeSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = shopIds.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
