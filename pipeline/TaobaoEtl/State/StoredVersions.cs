using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace TaobaoEtl.State;

/// <summary>
/// The versions staging holds for a set of a shop's tids: <c>modified</c> and <c>fetched_at</c> of each stored copy.
/// One query for the whole set (the page's tids go as one array), never one per tid.
/// </summary>
public sealed class StoredVersions(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT s.tid, s.modified, s.fetched_at
        FROM staging.sales_order s
        WHERE s.shop_id = $1 AND s.tid = ANY($2)
        """;

    /// <summary>By tid, for the tids that have a stored copy; the others are absent.</summary>
    public async Task<IReadOnlyDictionary<long, (Instant Modified, Instant FetchedAt)>> ReadAsync(string shopId, IReadOnlyCollection<long> tids,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentNullException.ThrowIfNull(tids);
        var stored = new Dictionary<long, (Instant, Instant)>(tids.Count);
        if (tids.Count == 0) return stored;
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. tids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            stored[reader.GetInt64(0)] = (reader.GetFieldValue<Instant>(1), reader.GetFieldValue<Instant>(2));
        return stored;
    }
}
