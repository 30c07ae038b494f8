namespace TaobaoEtl.Sink;

/// <summary>
/// The sink's SQL, built once from the column lists. Temporary tables take their column types from the
/// real tables (CREATE … AS … WITH NO DATA), so a migration that widens a column needs no change here.
/// Every upsert reads its batch through DISTINCT ON (newest version per key first) and inserts in key
/// order, so two sinks running in parallel lock rows in the same order and cannot deadlock.
/// </summary>
internal static class SinkSql
{
    public static readonly string[] OrderColumns =
    [
        "shop_id", "tid", "order_type", "taobao_status", "erp_status", "created", "pay_time", "consign_time", "end_time",
        "modified", "fetched_at", "total_fee", "payment", "post_fee", "discount_fee", "adjust_fee", "received_payment",
        "buyer_nick", "buyer_open_uid", "seller_nick", "receiver_name", "receiver_state", "receiver_city", "receiver_district",
        "receiver_town", "receiver_address", "receiver_zip", "receiver_mobile", "receiver_phone", "oaid", "buyer_message",
        "seller_memo", "seller_flag", "shipping_type", "trade_from", "step_trade_status", "step_paid_fee", "line_count",
    ];

    public static readonly string[] LineColumns =
    [
        "shop_id", "tid", "oid", "num_iid", "sku_id", "outer_iid", "outer_sku_id", "title", "sku_properties_name", "price",
        "quantity", "total_fee", "payment", "discount_fee", "adjust_fee", "divide_order_fee", "part_mjz_discount", "status",
        "refund_status", "refund_id", "logistics_company", "invoice_no", "consign_time", "end_time",
    ];

    public static readonly string[] RefundColumns =
    [
        "shop_id", "refund_id", "tid", "oid", "title", "buyer_nick", "seller_nick", "total_fee", "refund_fee", "payment",
        "status", "good_status", "order_status", "refund_phase", "dispute_type", "reason", "description", "has_good_return",
        "company_name", "sid", "created", "modified", "fetched_at",
    ];

    public const string TradeTemp = "taobao_etl_sink_trade";
    public const string LineTemp = "taobao_etl_sink_trade_line";
    public const string ChangedTemp = "taobao_etl_sink_changed";
    public const string RefundTemp = "taobao_etl_sink_refund";

    // ON COMMIT DELETE ROWS: created once per session and emptied by every commit; a rollback empties
    // them too. The CROSS JOIN only lends the payload column its type.
    public static readonly string CreateTempTables = $"""
        CREATE TEMP TABLE IF NOT EXISTS {TradeTemp} ON COMMIT DELETE ROWS AS
            SELECT 0::integer AS seq, {Prefixed("o", OrderColumns)}, r.payload
            FROM staging.sales_order o CROSS JOIN raw.trade r WITH NO DATA;
        CREATE TEMP TABLE IF NOT EXISTS {LineTemp} ON COMMIT DELETE ROWS AS
            SELECT 0::integer AS seq, {List(LineColumns)} FROM staging.sales_order_line WITH NO DATA;
        CREATE TEMP TABLE IF NOT EXISTS {ChangedTemp} (seq integer NOT NULL, key_a text NOT NULL, key_b bigint NOT NULL, inserted boolean NOT NULL)
            ON COMMIT DELETE ROWS;
        CREATE TEMP TABLE IF NOT EXISTS {RefundTemp} ON COMMIT DELETE ROWS AS
            SELECT 0::integer AS seq, {Prefixed("s", RefundColumns)}, r.payload
            FROM staging.refund s CROSS JOIN raw.refund r WITH NO DATA;
        """;

    public static readonly string EmptyTempTables = $"TRUNCATE {TradeTemp}, {LineTemp}, {ChangedTemp}, {RefundTemp}";

    public static readonly string CopyTrades = $"COPY {TradeTemp} (seq, {List(OrderColumns)}, payload) FROM STDIN (FORMAT BINARY)";
    public static readonly string CopyLines = $"COPY {LineTemp} (seq, {List(LineColumns)}) FROM STDIN (FORMAT BINARY)";
    public static readonly string CopyRefunds = $"COPY {RefundTemp} (seq, {List(RefundColumns)}, payload) FROM STDIN (FORMAT BINARY)";

    public const string ClearChanged = $"DELETE FROM {ChangedTemp}";

    // The newest version per trade wins inside the batch (seq breaks an exact tie: the later arrival),
    // and against the table only when strictly newer, so a replay or a late older copy changes nothing
    // and synced_at moves only when the row really changes.
    public static readonly string UpsertOrders = $"""
        WITH batch AS (
            SELECT DISTINCT ON (shop_id, tid) * FROM {TradeTemp}
            ORDER BY shop_id, tid, modified DESC, fetched_at DESC, seq DESC
        ), written AS (
            INSERT INTO staging.sales_order AS t ({List(OrderColumns)})
            SELECT {List(OrderColumns)} FROM batch ORDER BY shop_id, tid
            ON CONFLICT (shop_id, tid) DO UPDATE SET {Assignments(OrderColumns, "shop_id", "tid")}, synced_at = now()
            WHERE (excluded.modified, excluded.fetched_at) > (t.modified, t.fetched_at)
            RETURNING t.shop_id, t.tid, (t.xmax = 0) AS inserted
        )
        INSERT INTO {ChangedTemp} (seq, key_a, key_b, inserted)
        SELECT b.seq, w.shop_id, w.tid, w.inserted FROM written w JOIN batch b ON b.shop_id = w.shop_id AND b.tid = w.tid
        """;

    // Only trades whose order row changed get their lines replaced; their rows are locked by the upsert
    // above, so no other sink can be touching these lines.
    public static readonly string DeleteChangedLines = $"""
        DELETE FROM staging.sales_order_line l USING {ChangedTemp} c
        WHERE l.shop_id = c.key_a AND l.tid = c.key_b
        """;

    public static readonly string InsertChangedLines = $"""
        INSERT INTO staging.sales_order_line ({List(LineColumns)})
        SELECT {Prefixed("l", LineColumns)} FROM {LineTemp} l JOIN {ChangedTemp} c ON c.seq = l.seq
        ORDER BY l.shop_id, l.tid, l.oid
        """;

    public static readonly string UpsertRawTrades = $"""
        INSERT INTO raw.trade AS r (shop_id, tid, modified, fetched_at, payload)
        SELECT shop_id, tid, modified, fetched_at, payload FROM (
            SELECT DISTINCT ON (shop_id, tid) shop_id, tid, modified, fetched_at, payload FROM {TradeTemp}
            ORDER BY shop_id, tid, modified DESC, fetched_at DESC, seq DESC
        ) b ORDER BY shop_id, tid
        ON CONFLICT (shop_id, tid) DO UPDATE SET modified = excluded.modified, fetched_at = excluded.fetched_at, payload = excluded.payload
        WHERE (excluded.modified, excluded.fetched_at) > (r.modified, r.fetched_at)
        """;

    public static readonly string CountChanged = $"SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM {ChangedTemp}";

    public static readonly string UpsertRefunds = $"""
        WITH batch AS (
            SELECT DISTINCT ON (shop_id, refund_id) * FROM {RefundTemp}
            ORDER BY shop_id, refund_id, modified DESC, fetched_at DESC, seq DESC
        ), written AS (
            INSERT INTO staging.refund AS t ({List(RefundColumns)})
            SELECT {List(RefundColumns)} FROM batch ORDER BY shop_id, refund_id
            ON CONFLICT (shop_id, refund_id) DO UPDATE SET {Assignments(RefundColumns, "shop_id", "refund_id")}, synced_at = now()
            WHERE (excluded.modified, excluded.fetched_at) > (t.modified, t.fetched_at)
            RETURNING t.shop_id, t.refund_id, (t.xmax = 0) AS inserted
        )
        INSERT INTO {ChangedTemp} (seq, key_a, key_b, inserted)
        SELECT b.seq, w.shop_id, w.refund_id, w.inserted FROM written w JOIN batch b ON b.shop_id = w.shop_id AND b.refund_id = w.refund_id
        """;

    public static readonly string UpsertRawRefunds = $"""
        INSERT INTO raw.refund AS r (shop_id, refund_id, modified, fetched_at, payload)
        SELECT shop_id, refund_id, modified, fetched_at, payload FROM (
            SELECT DISTINCT ON (shop_id, refund_id) shop_id, refund_id, modified, fetched_at, payload FROM {RefundTemp}
            ORDER BY shop_id, refund_id, modified DESC, fetched_at DESC, seq DESC
        ) b ORDER BY shop_id, refund_id
        ON CONFLICT (shop_id, refund_id) DO UPDATE SET modified = excluded.modified, fetched_at = excluded.fetched_at, payload = excluded.payload
        WHERE (excluded.modified, excluded.fetched_at) > (r.modified, r.fetched_at)
        """;

    // A trade that arrived is no longer dead: close its open dead letter, unless the same batch
    // dead-letters it again (then the replay of this batch must find the same open row).
    public static readonly string ResolveTradeDeadLetters = $"""
        UPDATE etl.dead_letter d SET resolved_at = now()
        FROM (SELECT DISTINCT shop_id, tid FROM {TradeTemp}) b
        WHERE d.kind = 'trade' AND d.resolved_at IS NULL AND d.shop_id = b.shop_id AND d.tid = b.tid
          AND NOT (d.tid = ANY (@kept_tids))
        """;

    public static readonly string ResolveRefundDeadLetters = $"""
        UPDATE etl.dead_letter d SET resolved_at = now()
        FROM (SELECT DISTINCT shop_id, refund_id FROM {RefundTemp}) b
        WHERE d.kind = 'refund' AND d.resolved_at IS NULL AND d.shop_id = b.shop_id AND d.refund_id = b.refund_id
          AND NOT (d.refund_id = ANY (@kept_refund_ids))
        """;

    // The same rejected text for the same reason is stored once, so a replayed batch adds nothing.
    public const string InsertQuarantine = """
        INSERT INTO etl.quarantine (shop_id, tid, source, reason, raw_text, run_id)
        SELECT DISTINCT ON (q.shop_id, md5(q.raw_text), q.reason) q.shop_id, q.tid, q.source, q.reason, q.raw_text, @run_id
        FROM unnest(@shop_ids, @tids, @sources, @reasons, @raw_texts) AS q(shop_id, tid, source, reason, raw_text)
        WHERE NOT EXISTS (
            SELECT 1 FROM etl.quarantine e
            WHERE e.shop_id = q.shop_id AND md5(e.raw_text) = md5(q.raw_text) AND e.reason = q.reason)
        ORDER BY q.shop_id, md5(q.raw_text), q.reason
        """;

    private const string DeadLetterColumns = "shop_id, kind, tid, refund_id, window_start, window_end, method, code, sub_code, sub_msg, request_id, first_seen, last_seen, run_id";
    private const string DeadLetterValues = "@shop_id, @kind, @tid, @refund_id, @window_start, @window_end, @method, @code, @sub_code, @sub_msg, @request_id, @seen, @seen, @run_id";
    private const string DeadLetterRepeat = """
        attempts = d.attempts + 1, last_seen = excluded.last_seen, method = excluded.method, code = excluded.code,
        sub_code = excluded.sub_code, sub_msg = excluded.sub_msg, request_id = excluded.request_id, run_id = excluded.run_id
        WHERE excluded.last_seen > d.last_seen
        """;

    // A repeat of an open dead letter counts an attempt only when it is a later answer; a replay is not.
    public const string UpsertTradeDeadLetter = $"""
        INSERT INTO etl.dead_letter AS d ({DeadLetterColumns}) VALUES ({DeadLetterValues})
        ON CONFLICT (shop_id, tid) WHERE kind = 'trade' AND resolved_at IS NULL DO UPDATE SET {DeadLetterRepeat}
        """;

    public const string UpsertRefundDeadLetter = $"""
        INSERT INTO etl.dead_letter AS d ({DeadLetterColumns}) VALUES ({DeadLetterValues})
        ON CONFLICT (shop_id, refund_id) WHERE kind = 'refund' AND resolved_at IS NULL DO UPDATE SET {DeadLetterRepeat}
        """;

    public const string RepeatWindowDeadLetter = """
        UPDATE etl.dead_letter d SET attempts = d.attempts + 1, last_seen = @seen, code = @code, sub_code = @sub_code,
            sub_msg = @sub_msg, request_id = @request_id, run_id = @run_id
        WHERE d.kind = 'window' AND d.resolved_at IS NULL AND d.shop_id = @shop_id AND d.method = @method
          AND d.window_start = @window_start AND d.window_end = @window_end AND d.last_seen < @seen
        """;

    public const string InsertWindowDeadLetter = $"""
        INSERT INTO etl.dead_letter ({DeadLetterColumns}) SELECT {DeadLetterValues}
        WHERE NOT EXISTS (
            SELECT 1 FROM etl.dead_letter d
            WHERE d.kind = 'window' AND d.resolved_at IS NULL AND d.shop_id = @shop_id AND d.method = @method
              AND d.window_start = @window_start AND d.window_end = @window_end)
        """;

    private static string List(string[] columns) => string.Join(", ", columns);

    private static string Prefixed(string alias, string[] columns) => string.Join(", ", columns.Select(c => $"{alias}.{c}"));

    private static string Assignments(string[] columns, params string[] keys) =>
        string.Join(", ", columns.Where(c => !keys.Contains(c)).Select(c => $"{c} = excluded.{c}"));
}
