using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace TaobaoEtl.State;

/// <summary>How the owed trades of some shops stand after a run: open now, opened and resolved by the run, and the first open tids.</summary>
public sealed record OwedTally(long Open, long New, long Resolved, IReadOnlyList<OwedTid> FirstOpen)
{
    public static OwedTally None { get; } = new(0, 0, 0, []);
}

/// <summary>One open owed trade as reports show it.</summary>
public sealed record OwedTid(string ShopId, long Tid, string Cause, int Attempts, string LastError);

/// <summary>
/// Reads <c>etl.owed_trade</c> (written only by the sink, in the transactions of the batches): the trades due for a
/// retry, a shop's open ones for <c>refetch</c>, and the tally a run reports. Resolution happens in the sink, in the
/// transaction that stores the trade, never here.
/// </summary>
public sealed class OwedTradeBook(NpgsqlDataSource dataSource)
{
    /// <summary>Tids listed in a run's tally (the rest are counted).</summary>
    public const int ListedInTally = 20;

    private const string DueSql = """
        SELECT tid FROM etl.owed_trade
        WHERE shop_id = $1 AND resolved_at IS NULL AND next_attempt_at <= $2
        ORDER BY next_attempt_at, tid
        LIMIT $3
        """;

    private const string OpenSql = """
        SELECT tid FROM etl.owed_trade WHERE shop_id = $1 AND resolved_at IS NULL ORDER BY tid
        """;

    private const string TallySql = """
        SELECT
            (SELECT count(*) FROM etl.owed_trade WHERE shop_id = ANY ($1) AND resolved_at IS NULL),
            (SELECT count(*) FROM etl.owed_trade WHERE shop_id = ANY ($1) AND first_run_id = $2),
            (SELECT count(*) FROM etl.owed_trade WHERE shop_id = ANY ($1) AND resolved_run_id = $2)
        """;

    private const string FirstOpenSql = """
        SELECT shop_id, tid, cause, attempts, last_error FROM etl.owed_trade
        WHERE shop_id = ANY ($1) AND resolved_at IS NULL ORDER BY shop_id, tid LIMIT $2
        """;

    /// <summary>The shop's owed trades whose next attempt is at or before <paramref name="now"/>, longest waiting first.</summary>
    public async Task<IReadOnlyList<long>> DueAsync(string shopId, Instant now, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DueSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadTidsAsync(command, cancellationToken);
    }

    /// <summary>Every open owed trade of the shop, by tid, whatever its backoff (for <c>refetch</c>).</summary>
    public async Task<IReadOnlyList<long>> OpenTidsAsync(string shopId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OpenSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        return await ReadTidsAsync(command, cancellationToken);
    }

    /// <summary>The owed trades of <paramref name="shopIds"/> after run <paramref name="runId"/>.</summary>
    public async Task<OwedTally> TallyAsync(IReadOnlyList<string> shopIds, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shopIds);
        if (shopIds.Count == 0) return OwedTally.None;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long open, opened, resolved;
        await using (var command = new NpgsqlCommand(TallySql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. shopIds] });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (open, opened, resolved) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        var first = new List<OwedTid>();
        await using (var command = new NpgsqlCommand(FirstOpenSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. shopIds] });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ListedInTally });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                first.Add(new OwedTid(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4)));
        }

        return new OwedTally(open, opened, resolved, first);
    }

    private static async Task<IReadOnlyList<long>> ReadTidsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var tids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) tids.Add(reader.GetInt64(0));
        return tids;
    }
}
