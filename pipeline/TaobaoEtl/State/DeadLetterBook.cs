using Npgsql;
using NpgsqlTypes;

namespace TaobaoEtl.State;

/// <summary>
/// The trade side of <c>etl.dead_letter</c>: record a refused tid (one open entry per tid, counting
/// attempts), list the open ones for <c>refetch</c>, and resolve one in the transaction that commits its
/// refetched row (<see cref="Resolve"/>), so an entry is never closed for a row that was not written.
/// </summary>
public sealed class DeadLetterBook(NpgsqlDataSource dataSource)
{
    private const string RecordSql = """
        INSERT INTO etl.dead_letter AS d (shop_id, kind, tid, method, code, sub_code, sub_msg, request_id, run_id)
        VALUES ($1, 'trade', $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (shop_id, tid) WHERE kind = 'trade' AND resolved_at IS NULL DO UPDATE SET
            attempts = d.attempts + 1, last_seen = now(), method = excluded.method, code = excluded.code,
            sub_code = excluded.sub_code, sub_msg = excluded.sub_msg, request_id = excluded.request_id,
            run_id = coalesce(excluded.run_id, d.run_id)
        """;

    private const string OpenSql = """
        SELECT tid FROM etl.dead_letter
        WHERE shop_id = $1 AND kind = 'trade' AND resolved_at IS NULL
        ORDER BY tid
        """;

    public async Task RecordAsync(TradeDeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await using var command = dataSource.CreateCommand(RecordSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = letter.ShopId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = letter.Tid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = letter.Method });
        command.Parameters.Add(Nullable(letter.Code, NpgsqlDbType.Integer));
        command.Parameters.Add(Nullable(letter.SubCode, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(letter.SubMessage, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(letter.RequestId, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(letter.RunId, NpgsqlDbType.Bigint));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The shop's open trade dead letters, by tid.</summary>
    public async Task<IReadOnlyList<long>> OpenTidsAsync(string shopId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OpenSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        var tids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            tids.Add(reader.GetInt64(0));
        return tids;
    }

    /// <summary>The checkpoint that closes the tid's open entry; give it to the sink with the refetched trade.</summary>
    public static ICheckpoint Resolve(string shopId, long tid) => new DeadLetterResolution(shopId, tid);

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
