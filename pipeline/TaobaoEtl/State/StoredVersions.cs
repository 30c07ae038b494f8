using NodaTime;
using Npgsql;
using NpgsqlTypes;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// The versions staging holds for a set of a shop's trades (refunds): <c>modified</c> and <c>fetched_at</c> of each
/// stored copy, from <c>staging.sales_order</c> by tid or <c>staging.refund</c> by refund_id. One query for the whole
/// set (the page's keys go as one array), never one per key.
/// </summary>
public sealed class StoredVersions(NpgsqlDataSource dataSource)
{
    private const string TradesSql = """
        SELECT s.tid, s.modified, s.fetched_at
        FROM staging.sales_order s
        WHERE s.shop_id = $1 AND s.tid = ANY($2)
        """;

    private const string RefundsSql = """
        SELECT s.refund_id, s.modified, s.fetched_at
        FROM staging.refund s
        WHERE s.shop_id = $1 AND s.refund_id = ANY($2)
        """;

    /// <summary>By tid, for the tids that have a stored trade; the others are absent.</summary>
    public Task<IReadOnlyDictionary<long, (Instant Modified, Instant FetchedAt)>> ReadAsync(string shopId, IReadOnlyCollection<long> tids,
        CancellationToken cancellationToken) =>
        ReadAsync(shopId, SyncStream.Trade, tids, cancellationToken);

    /// <summary>By key (tid, or refund_id for <see cref="SyncStream.Refund"/>), for the keys that have a stored copy; the others are absent.</summary>
    public async Task<IReadOnlyDictionary<long, (Instant Modified, Instant FetchedAt)>> ReadAsync(string shopId, SyncStream stream,
        IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentNullException.ThrowIfNull(ids);
        var sql = stream switch
        {
            SyncStream.Trade => TradesSql,
            SyncStream.Refund => RefundsSql,
            _ => throw new ArgumentOutOfRangeException(nameof(stream), stream, null),
        };
        var stored = new Dictionary<long, (Instant, Instant)>(ids.Count);
        if (ids.Count == 0) return stored;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            stored[reader.GetInt64(0)] = (reader.GetFieldValue<Instant>(1), reader.GetFieldValue<Instant>(2));
        return stored;
    }
}
