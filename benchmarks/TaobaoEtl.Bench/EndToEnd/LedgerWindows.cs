using System.Globalization;
using NodaTime;
using TaobaoEtl.Bench.SinkRatio;
using TaobaoEtl.Harness.Sim;

namespace TaobaoEtl.Bench.EndToEnd;

/// <summary>The windows a sync left in <c>etl.window</c> (the ledger): what each listed, for the minimum of calls.</summary>
public static class LedgerWindows
{
    public static async Task<IReadOnlyList<LedgerWindow>> ReadAsync(BenchDatabase database, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var command = database.DataSource.CreateCommand(
            "SELECT shop_id, range_start, range_end, listed, status FROM etl.window WHERE stream = 'trade' AND kind = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = kind });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var windows = new List<LedgerWindow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            windows.Add(new LedgerWindow(reader.GetString(0), reader.GetFieldValue<Instant>(1), reader.GetFieldValue<Instant>(2),
                reader.GetInt32(3), reader.GetString(4)));
        }

        return windows;
    }
}

/// <summary>One <c>etl.window</c> row: a backfill day or an increment slice of a shop.</summary>
public sealed record LedgerWindow(string ShopId, Instant Start, Instant End, long Listed, string Status)
{
    public bool Holds(TruthTrade trade) => trade.ShopId.ToString(CultureInfo.InvariantCulture) == ShopId && trade.Modified >= Start && trade.Modified < End;
}
