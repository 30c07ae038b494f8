using Npgsql;

namespace TaobaoEtl.State;

/// <summary>
/// The open trade entries of <c>etl.dead_letter</c>, for <c>refetch</c>. The sink writes them (with the trade's owed
/// row) and resolves them in the transaction that stores the trade, so an entry never closes for a row not written.
/// </summary>
public sealed class DeadLetterBook(NpgsqlDataSource dataSource)
{
    private const string OpenSql = """
        SELECT tid FROM etl.dead_letter
        WHERE shop_id = $1 AND kind = 'trade' AND resolved_at IS NULL
        ORDER BY tid
        """;

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
}
