using System.Data;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace TaobaoEtl.Verify;

/// <summary>
/// Everything <see cref="TruthVerifier"/> reads from PostgreSQL, in one read-only repeatable-read transaction:
/// watermarks, ledger and rows come from one consistent picture even while a sync commits beside it.
/// </summary>
internal sealed class StagingSnapshot : IAsyncDisposable
{
    private const string ShopsSql = """
        SELECT s.shop_id, s.seller_nick,
               b.first_start, b.last_end,
               (SELECT watermark FROM etl.sync_state t WHERE t.shop_id = s.shop_id AND t.stream = 'trade'),
               (SELECT watermark FROM etl.sync_state r WHERE r.shop_id = s.shop_id AND r.stream = 'refund')
        FROM etl.shop s
        LEFT JOIN LATERAL (
            SELECT min(range_start) AS first_start, max(range_end) AS last_end FROM etl.window w
            WHERE w.shop_id = s.shop_id AND w.stream = 'trade' AND w.kind = 'backfill_day') b ON true
        WHERE cardinality($1::text[]) = 0 OR s.shop_id = ANY($1)
        ORDER BY s.shop_id
        """;

    private const string TradeColumns = """
        tid, modified, order_type, taobao_status, erp_status, created, pay_time, consign_time, end_time,
        payment, total_fee, post_fee, discount_fee, received_payment, step_trade_status, step_paid_fee,
        buyer_nick, seller_nick, seller_memo, seller_flag
        """;

    private const string LineColumns = "tid, oid, status, refund_status, refund_id, price, quantity, total_fee, discount_fee, payment";

    private const string CountTradesSql = "SELECT count(*) FROM staging.sales_order WHERE shop_id = $1";
    private static readonly string TradesSql = $"SELECT {TradeColumns} FROM staging.sales_order WHERE shop_id = $1";
    private static readonly string LinesSql = $"SELECT {LineColumns} FROM staging.sales_order_line WHERE shop_id = $1 ORDER BY tid, oid";
    private static readonly string OneTradeSql = $"SELECT {TradeColumns} FROM staging.sales_order WHERE shop_id = $1 AND tid = $2";
    private static readonly string OneTradeLinesSql = $"SELECT {LineColumns} FROM staging.sales_order_line WHERE shop_id = $1 AND tid = $2 ORDER BY oid";
    private const string RefundsSql = "SELECT refund_id, tid, modified, status, refund_fee, total_fee, payment FROM staging.refund WHERE shop_id = $1";
    private const string QuarantinedSql = "SELECT count(*) FROM etl.quarantine WHERE shop_id = ANY($1)";
    private const string OpenOwedSql = "SELECT count(*) FROM etl.owed_trade WHERE resolved_at IS NULL AND shop_id = ANY($1)";
    private const string OpenDeadLettersSql = "SELECT count(*) FROM etl.dead_letter WHERE resolved_at IS NULL AND shop_id = ANY($1)";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private StagingSnapshot(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<StagingSnapshot> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            return new StagingSnapshot(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The shops to verify; every id asked for must exist.</summary>
    public async Task<IReadOnlyList<ShopRecord>> ReadShopsAsync(IReadOnlyList<string> shopIds, CancellationToken cancellationToken)
    {
        await using var command = Command(ShopsSql);
        command.Parameters.Add(TextArray(shopIds));
        var shops = new List<ShopRecord>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                Interval? backfill = reader.IsDBNull(2) ? null : new Interval(reader.GetFieldValue<Instant>(2), reader.GetFieldValue<Instant>(3));
                shops.Add(new ShopRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), backfill,
                    OptionalInstant(reader, 4), OptionalInstant(reader, 5)));
            }
        }

        var unknown = shopIds.Except(shops.Select(s => s.ShopId), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Not in etl.shop: {string.Join(", ", unknown)}.", nameof(shopIds));
        return shops;
    }

    /// <summary>The shop's staged trades by tid, each reduced to its version and digests.</summary>
    public async Task<Dictionary<long, StagedTrade>> ReadTradesAsync(string shopId, CancellationToken cancellationToken)
    {
        long count;
        await using (var counting = Command(CountTradesSql, shopId))
            count = (long)(await counting.ExecuteScalarAsync(cancellationToken))!;
        var trades = new Dictionary<long, StagedTrade>((int)Math.Min(count, int.MaxValue / 2));
        var noLines = LineImage.Fingerprint([]);

        await using (var command = Command(TradesSql, shopId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (tid, modified, image) = ReadTrade(reader);
                trades[tid] = new StagedTrade { Modified = modified, Fields = image.Fingerprint(), Lines = noLines };
            }
        }

        // Lines arrive grouped by tid: one trade's lines are digested, stored, and forgotten.
        await using (var command = Command(LinesSql, shopId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var current = 0L;
            var lines = new List<LineImage>(8);
            while (await reader.ReadAsync(cancellationToken))
            {
                var line = ReadLine(reader, out var tid);
                if (tid != current && lines.Count > 0)
                {
                    StoreLines(trades, current, lines);
                    lines.Clear();
                }

                current = tid;
                lines.Add(line);
            }

            if (lines.Count > 0) StoreLines(trades, current, lines);
        }

        return trades;
    }

    /// <summary>One staged trade and its lines (for an offender's detail), or null when absent.</summary>
    public async Task<(TradeImage Trade, IReadOnlyList<LineImage> Lines)?> ReadTradeAsync(string shopId, long tid, CancellationToken cancellationToken)
    {
        TradeImage image;
        await using (var command = Command(OneTradeSql, shopId, tid))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return null;
            image = ReadTrade(reader).Image;
        }

        var lines = new List<LineImage>();
        await using (var command = Command(OneTradeLinesSql, shopId, tid))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) lines.Add(ReadLine(reader, out _));
        }

        return (image, lines);
    }

    /// <summary>The shop's open owed trades.</summary>
    public async Task<HashSet<long>> ReadOpenOwedTidsAsync(string shopId, CancellationToken cancellationToken)
    {
        var tids = new HashSet<long>();
        await using var command = Command("SELECT tid FROM etl.owed_trade WHERE shop_id = $1 AND stream = 'trade' AND resolved_at IS NULL", shopId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) tids.Add(reader.GetInt64(0));
        return tids;
    }

    /// <summary>The shop's staged refunds by refund id, each with what the comparison reads.</summary>
    public async Task<Dictionary<long, StagedRefund>> ReadRefundsAsync(string shopId, CancellationToken cancellationToken)
    {
        var refunds = new Dictionary<long, StagedRefund>();
        await using var command = Command(RefundsSql, shopId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            refunds[reader.GetInt64(0)] = new StagedRefund
            {
                Tid = reader.IsDBNull(1) ? null : reader.GetInt64(1),
                Modified = reader.GetFieldValue<Instant>(2),
                Status = OptionalText(reader, 3),
                RefundFee = OptionalMoney(reader, 4),
                TotalFee = OptionalMoney(reader, 5),
                Payment = OptionalMoney(reader, 6),
            };
        }

        return refunds;
    }

    public async Task<long> CountQuarantinedAsync(IReadOnlyList<string> shopIds, CancellationToken cancellationToken) =>
        await CountAsync(QuarantinedSql, shopIds, cancellationToken);

    public async Task<long> CountOpenDeadLettersAsync(IReadOnlyList<string> shopIds, CancellationToken cancellationToken) =>
        await CountAsync(OpenDeadLettersSql, shopIds, cancellationToken);

    public async Task<long> CountOpenOwedAsync(IReadOnlyList<string> shopIds, CancellationToken cancellationToken) =>
        await CountAsync(OpenOwedSql, shopIds, cancellationToken);

    private async Task<long> CountAsync(string sql, IReadOnlyList<string> shopIds, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        command.Parameters.Add(TextArray(shopIds));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void StoreLines(Dictionary<long, StagedTrade> trades, long tid, List<LineImage> lines)
    {
        // Lines of a trade without its order row cannot be compared with anything; the order row decides.
        ref var trade = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(trades, tid);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref trade)) trade.Lines = LineImage.Fingerprint(lines);
    }

    private static (long Tid, Instant Modified, TradeImage Image) ReadTrade(NpgsqlDataReader r)
    {
        var image = new TradeImage(
            OrderType: OptionalText(r, 2), TaobaoStatus: OptionalText(r, 3), ErpStatus: OptionalText(r, 4),
            Created: OptionalInstant(r, 5), PayTime: OptionalInstant(r, 6), ConsignTime: OptionalInstant(r, 7), EndTime: OptionalInstant(r, 8),
            Payment: OptionalMoney(r, 9), TotalFee: OptionalMoney(r, 10), PostFee: OptionalMoney(r, 11), DiscountFee: OptionalMoney(r, 12),
            ReceivedPayment: OptionalMoney(r, 13), StepTradeStatus: OptionalText(r, 14), StepPaidFee: OptionalMoney(r, 15),
            BuyerNick: OptionalText(r, 16), SellerNick: OptionalText(r, 17), SellerMemo: OptionalText(r, 18),
            SellerFlag: r.IsDBNull(19) ? null : r.GetInt32(19));
        return (r.GetInt64(0), r.GetFieldValue<Instant>(1), image);
    }

    private static LineImage ReadLine(NpgsqlDataReader r, out long tid)
    {
        tid = r.GetInt64(0);
        return new LineImage(r.GetInt64(1), OptionalText(r, 2), OptionalText(r, 3), r.IsDBNull(4) ? null : r.GetInt64(4),
            OptionalMoney(r, 5), r.IsDBNull(6) ? null : r.GetInt32(6), OptionalMoney(r, 7), OptionalMoney(r, 8), OptionalMoney(r, 9));
    }

    private static string? OptionalText(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static decimal? OptionalMoney(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDecimal(i);
    private static Instant? OptionalInstant(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<Instant>(i);

    private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

    private NpgsqlCommand Command(string sql, string shopId)
    {
        var command = Command(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shopId });
        return command;
    }

    private NpgsqlCommand Command(string sql, string shopId, long tid)
    {
        var command = Command(sql, shopId);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tid });
        return command;
    }

    private static NpgsqlParameter<string[]> TextArray(IEnumerable<string> values) =>
        new() { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    public async ValueTask DisposeAsync()
    {
        // Read only: ending it by rollback loses nothing.
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
