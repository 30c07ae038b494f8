using NodaTime;
using Npgsql;
using NpgsqlTypes;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// How the owed rows of some shops stand after a run: open now, opened and resolved by the run, and the first open ones.
/// Counts cover the streams the tally was asked for (both by default: an owed refund is as owed as an owed trade);
/// <see cref="OpenTrades"/> and <see cref="OpenRefunds"/> split <see cref="Open"/> for the words of a summary.
/// </summary>
public sealed record OwedTally(long Open, long New, long Resolved, IReadOnlyList<OwedTid> FirstOpen)
{
    public static OwedTally None { get; } = new(0, 0, 0, []);

    /// <summary>The open owed trades among <see cref="Open"/>.</summary>
    public long OpenTrades { get; init; }

    /// <summary>The open owed refunds among <see cref="Open"/>.</summary>
    public long OpenRefunds { get; init; }
}

/// <summary>One open owed row as reports show it; for <see cref="SyncStream.Refund"/>, <see cref="Tid"/> is the refund_id.</summary>
public sealed record OwedTid(string ShopId, long Tid, string Cause, int Attempts, string LastError)
{
    public SyncStream Stream { get; init; } = SyncStream.Trade;
}

/// <summary>
/// Reads <c>etl.owed_trade</c> (written only by the sink, in the transactions of the batches): the trades (refunds) due
/// for a retry, a shop's open ones for <c>refetch</c>, and the tally a run reports. Resolution happens in the sink, in
/// the transaction that stores the trade (refund), never here. The overloads without a stream read the trade stream,
/// as before refunds were owed, except <see cref="TallyAsync(IReadOnlyList{string}, long, CancellationToken)"/>, which
/// counts both: what a run owes decides its exit code whatever the stream.
/// </summary>
public sealed class OwedTradeBook(NpgsqlDataSource dataSource)
{
    /// <summary>Owed rows listed in a run's tally (the rest are counted).</summary>
    public const int ListedInTally = 20;

    private const string DueSql = """
        SELECT tid FROM etl.owed_trade
        WHERE shop_id = $1 AND stream = $4 AND resolved_at IS NULL AND next_attempt_at <= $2
        ORDER BY next_attempt_at, tid
        LIMIT $3
        """;

    private const string OpenSql = """
        SELECT tid FROM etl.owed_trade WHERE shop_id = $1 AND stream = $2 AND resolved_at IS NULL ORDER BY tid
        """;

    // $3 is the streams counted: both for a run's tally, one when a caller asks for one.
    private const string TallySql = """
        SELECT
            (SELECT count(*) FROM etl.owed_trade WHERE shop_id = ANY ($1) AND stream = ANY ($3) AND resolved_at IS NULL),
            (SELECT count(*) FROM etl.owed_trade WHERE shop_id = ANY ($1) AND stream = ANY ($3) AND first_run_id = $2),
            (SELECT count(*) FROM etl.owed_trade WHERE shop_id = ANY ($1) AND stream = ANY ($3) AND resolved_run_id = $2),
            (SELECT count(*) FROM etl.owed_trade WHERE shop_id = ANY ($1) AND stream = ANY ($3) AND stream = 'trade' AND resolved_at IS NULL),
            (SELECT count(*) FROM etl.owed_trade WHERE shop_id = ANY ($1) AND stream = ANY ($3) AND stream = 'refund' AND resolved_at IS NULL)
        """;

    private const string FirstOpenSql = """
        SELECT shop_id, stream, tid, cause, attempts, last_error FROM etl.owed_trade
        WHERE shop_id = ANY ($1) AND stream = ANY ($3) AND resolved_at IS NULL ORDER BY shop_id, stream, tid LIMIT $2
        """;

    private static readonly string[] BothStreams = [LedgerNames.Of(SyncStream.Trade), LedgerNames.Of(SyncStream.Refund)];

    /// <summary>The shop's owed trades whose next attempt is at or before <paramref name="now"/>, longest waiting first.</summary>
    public Task<IReadOnlyList<long>> DueAsync(string shopId, Instant now, int limit, CancellationToken cancellationToken) =>
        DueAsync(shopId, SyncStream.Trade, now, limit, cancellationToken);

    /// <summary>
    /// The shop's owed rows of <paramref name="stream"/> whose next attempt is at or before <paramref name="now"/>,
    /// longest waiting first: tids, or refund_ids for <see cref="SyncStream.Refund"/>.
    /// </summary>
    public async Task<IReadOnlyList<long>> DueAsync(string shopId, SyncStream stream, Instant now, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DueSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        return await ReadIdsAsync(command, cancellationToken);
    }

    /// <summary>Every open owed trade of the shop, by tid, whatever its backoff (for <c>refetch</c>).</summary>
    public Task<IReadOnlyList<long>> OpenTidsAsync(string shopId, CancellationToken cancellationToken) =>
        OpenTidsAsync(shopId, SyncStream.Trade, cancellationToken);

    /// <summary>Every open owed row of the shop's <paramref name="stream"/>, by key (tid, or refund_id for refunds), whatever its backoff.</summary>
    public async Task<IReadOnlyList<long>> OpenTidsAsync(string shopId, SyncStream stream, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OpenSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(stream) });
        return await ReadIdsAsync(command, cancellationToken);
    }

    /// <summary>The owed trades and refunds of <paramref name="shopIds"/> after run <paramref name="runId"/>: owed is owed, whatever the stream.</summary>
    public Task<OwedTally> TallyAsync(IReadOnlyList<string> shopIds, long runId, CancellationToken cancellationToken) =>
        TallyAsync(shopIds, BothStreams, runId, cancellationToken);

    /// <summary>The owed rows of one stream of <paramref name="shopIds"/> after run <paramref name="runId"/>.</summary>
    public Task<OwedTally> TallyAsync(IReadOnlyList<string> shopIds, SyncStream stream, long runId, CancellationToken cancellationToken) =>
        TallyAsync(shopIds, [LedgerNames.Of(stream)], runId, cancellationToken);

    private async Task<OwedTally> TallyAsync(IReadOnlyList<string> shopIds, string[] streams, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shopIds);
        if (shopIds.Count == 0) return OwedTally.None;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long open, opened, resolved, openTrades, openRefunds;
        await using (var command = new NpgsqlCommand(TallySql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. shopIds] });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (open, opened, resolved) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            (openTrades, openRefunds) = (reader.GetInt64(3), reader.GetInt64(4));
        }

        var first = new List<OwedTid>();
        await using (var command = new NpgsqlCommand(FirstOpenSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. shopIds] });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ListedInTally });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                first.Add(new OwedTid(reader.GetString(0), reader.GetInt64(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5))
                {
                    Stream = LedgerNames.StreamOf(reader.GetString(1)),
                });
            }
        }

        return new OwedTally(open, opened, resolved, first) { OpenTrades = openTrades, OpenRefunds = openRefunds };
    }

    private static async Task<IReadOnlyList<long>> ReadIdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
        return ids;
    }
}
