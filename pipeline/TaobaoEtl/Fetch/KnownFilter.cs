using NodaTime;
using Npgsql;
using NpgsqlTypes;
using TaobaoEtl.Paging;

namespace TaobaoEtl.Fetch;

/// <summary>
/// Splits a listed page into the trades that need <c>taobao.trade.fullinfo.get</c> and those whose stored
/// copy is known current (<see cref="KnownFilterRule"/>). One query per page, never one per tid: the
/// page's tids go as one array and the stored versions come back in one answer.
/// </summary>
public sealed class KnownFilter(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT s.tid, s.modified, s.fetched_at
        FROM staging.sales_order s
        WHERE s.shop_id = $1 AND s.tid = ANY($2)
        """;

    public async Task<KnownFilterResult> SplitAsync(string shopId, IReadOnlyList<ListedTrade> page, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentNullException.ThrowIfNull(page);
        if (page.Count == 0) return new KnownFilterResult([], []);

        var stored = new Dictionary<long, KnownFilterStoredCopy>(page.Count);
        await using (var command = dataSource.CreateCommand(Sql))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
            command.Parameters.Add(new NpgsqlParameter<long[]>
            {
                TypedValue = page.Select(trade => trade.Tid).Distinct().ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint,
            });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetInt64(0)] = new KnownFilterStoredCopy(
                    reader.GetFieldValue<Instant>(1), reader.GetFieldValue<Instant>(2));
            }
        }

        var toFetch = new List<ListedTrade>(page.Count);
        var skipped = new List<ListedTrade>();
        foreach (var trade in page)
        {
            var copy = stored.TryGetValue(trade.Tid, out var found) ? found : (KnownFilterStoredCopy?)null;
            (KnownFilterRule.IsKnownCurrent(trade.Modified, copy) ? skipped : toFetch).Add(trade);
        }

        return new KnownFilterResult(toFetch, skipped);
    }
}
