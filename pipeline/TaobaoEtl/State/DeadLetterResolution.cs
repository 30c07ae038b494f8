using Npgsql;

namespace TaobaoEtl.State;

/// <summary>Closes a trade's open dead letter in the transaction that writes its refetched row.</summary>
public sealed class DeadLetterResolution(string shopId, long tid) : ICheckpoint
{
    private const string Sql = """
        UPDATE etl.dead_letter SET resolved_at = now()
        WHERE shop_id = $1 AND kind = 'trade' AND tid = $2 AND resolved_at IS NULL
        """;

    public string ShopId { get; } = shopId;
    public long Tid { get; } = tid;

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ShopId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Tid });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
