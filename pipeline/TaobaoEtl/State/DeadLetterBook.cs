using Npgsql;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// The open trade and refund entries of <c>etl.dead_letter</c>, for <c>refetch</c>. The sink writes them (with the
/// owed row) and resolves them in the transaction that stores the trade (refund), so an entry never closes for a row
/// not written. A trade's entry is keyed by <c>tid</c> (<c>kind = 'trade'</c>), a refund's by <c>refund_id</c>
/// (<c>kind = 'refund'</c>, <see cref="Sink.DeadLetter.ForRefund"/>).
/// </summary>
public sealed class DeadLetterBook(NpgsqlDataSource dataSource)
{
    private const string OpenTradesSql = """
        SELECT tid FROM etl.dead_letter
        WHERE shop_id = $1 AND kind = 'trade' AND resolved_at IS NULL
        ORDER BY tid
        """;

    private const string OpenRefundsSql = """
        SELECT refund_id FROM etl.dead_letter
        WHERE shop_id = $1 AND kind = 'refund' AND resolved_at IS NULL
        ORDER BY refund_id
        """;

    /// <summary>The shop's open trade dead letters, by tid.</summary>
    public Task<IReadOnlyList<long>> OpenTidsAsync(string shopId, CancellationToken cancellationToken) =>
        OpenTidsAsync(shopId, SyncStream.Trade, cancellationToken);

    /// <summary>The shop's open dead letters of <paramref name="stream"/>: tids, or refund_ids for <see cref="SyncStream.Refund"/>.</summary>
    public async Task<IReadOnlyList<long>> OpenTidsAsync(string shopId, SyncStream stream, CancellationToken cancellationToken)
    {
        var sql = stream switch
        {
            SyncStream.Trade => OpenTradesSql,
            SyncStream.Refund => OpenRefundsSql,
            _ => throw new ArgumentOutOfRangeException(nameof(stream), stream, null),
        };
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }
}
