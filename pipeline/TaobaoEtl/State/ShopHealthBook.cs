using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace TaobaoEtl.State;

/// <summary>A shop's sync mode and the counts that decide it (<c>etl.shop</c>), read before a run and written after it.</summary>
public sealed class ShopHealthBook(NpgsqlDataSource dataSource)
{
    private const string ReadSql = """
        SELECT shop_id, sync_mode, hot_runs, last_failure_ratio, degraded_since, degraded_checked_at FROM etl.shop WHERE shop_id = ANY ($1)
        """;

    // Compare and set: written only over the health this run read, so two runs judging the same shop at once cannot undo
    // one another (the later one finds the row moved and leaves it).
    private const string WriteSql = """
        UPDATE etl.shop SET sync_mode = $2, hot_runs = $3, last_failure_ratio = $4, degraded_since = $5, degraded_checked_at = $6, updated_at = now()
        WHERE shop_id = $1 AND sync_mode = $7 AND hot_runs = $8 AND degraded_checked_at IS NOT DISTINCT FROM $9
        """;

    /// <summary>Every shop of <c>etl.shop</c>, by id in order.</summary>
    public async Task<IReadOnlyDictionary<string, ShopHealth>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT shop_id FROM etl.shop ORDER BY shop_id");
        var ids = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        }

        var health = await ReadAsync(ids, cancellationToken);
        return new SortedDictionary<string, ShopHealth>(health.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
    }

    /// <summary>By shop id; a shop without a row (never run) is normal.</summary>
    public async Task<IReadOnlyDictionary<string, ShopHealth>> ReadAsync(IReadOnlyCollection<string> shopIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. shopIds] });
        var health = shopIds.ToDictionary(id => id, _ => ShopHealth.Normal, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            health[reader.GetString(0)] = new ShopHealth(
                reader.GetString(1) == "degraded" ? SyncMode.Degraded : SyncMode.Normal,
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : (double)reader.GetDecimal(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<Instant>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<Instant>(5));
        }

        return health;
    }

    /// <summary>Writes <paramref name="health"/> over <paramref name="read"/>; false when another run changed the row since it was read.</summary>
    public async Task<bool> WriteAsync(string shopId, ShopHealth read, ShopHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(health);
        await using var command = dataSource.CreateCommand(WriteSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = health.Mode == SyncMode.Degraded ? "degraded" : "normal" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = health.HotRuns });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = health.LastFailureRatio is { } r ? Math.Round((decimal)r, 4) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = health.DegradedSince is { } since ? since : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = health.CheckedAt is { } at ? at : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = read.Mode == SyncMode.Degraded ? "degraded" : "normal" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = read.HotRuns });
        command.Parameters.Add(new NpgsqlParameter { Value = read.CheckedAt is { } was ? was : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
