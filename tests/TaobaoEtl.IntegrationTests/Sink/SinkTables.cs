using Npgsql;
using TaobaoEtl.IntegrationTests.Infrastructure;

namespace TaobaoEtl.IntegrationTests.Sink;

/// <summary>Reads a shop's rows back: fingerprints of whole tables and single values.</summary>
internal static class SinkTables
{
    public static readonly string[] ShopTables =
    [
        "staging.sales_order", "staging.sales_order_line", "raw.trade", "staging.refund", "raw.refund", "etl.quarantine", "etl.dead_letter",
    ];

    /// <summary>md5 of every row's full text (all columns, synced_at and ids included), per table.</summary>
    public static async Task<IReadOnlyList<string>> FingerprintAsync(PostgresDatabase db, string shop)
    {
        var prints = new List<string>();
        foreach (var table in ShopTables)
            prints.Add($"{table}:{await ScalarAsync<string>(db, $"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) || '/' || count(*) FROM {table} t WHERE shop_id = @shop", shop)}");
        return prints;
    }

    public static async Task<long> CountAsync(PostgresDatabase db, string table, string shop) =>
        await ScalarAsync<long>(db, $"SELECT count(*) FROM {table} WHERE shop_id = @shop", shop);

    public static async Task<T> ScalarAsync<T>(PostgresDatabase db, string sql, string shop)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("shop", shop));
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<Dictionary<long, string>> LabelsAsync(PostgresDatabase db, string shop)
    {
        var labels = new Dictionary<long, string>();
        await using var command = db.DataSource.CreateCommand("SELECT tid, buyer_message FROM staging.sales_order WHERE shop_id = @shop");
        command.Parameters.Add(new NpgsqlParameter("shop", shop));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) labels[reader.GetInt64(0)] = reader.GetString(1);
        return labels;
    }
}
