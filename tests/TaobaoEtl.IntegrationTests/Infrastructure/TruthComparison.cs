using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace TaobaoEtl.IntegrationTests.Infrastructure;

/// <summary>
/// A small stand-in for the verify library: reads TopSim's <c>/sim/truth</c> over HTTP and compares it with
/// staging, trade by trade (tid, modified, status, money, memo/flag, and every line). Shops are matched by
/// seller nick. Trades created before <c>scopeStart</c> are required only when changed since <c>changedSince</c> (the increment's start), and trades whose last change is
/// after <c>horizon</c> are pending (the platform may not list them yet), not missing.
/// </summary>
internal sealed record TruthComparison(int Truth, int InScope, int Db, int Missing, int Stale, int Extra, int FieldMismatch,
    int LinesMismatch, int Pending, IReadOnlyList<string> Offenders)
{
    private static readonly LocalDateTimePattern Pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss");
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public bool IsClean => Missing == 0 && Stale == 0 && Extra == 0 && FieldMismatch == 0 && LinesMismatch == 0;

    public override string ToString() =>
        $"truth {Truth} (in scope {InScope}), db {Db}: missing {Missing}, stale {Stale}, extra {Extra}, field mismatch {FieldMismatch}, " +
        $"lines mismatch {LinesMismatch}, pending {Pending}; first offenders: {string.Join("; ", Offenders)}";

    public static async Task<TruthComparison> CompareAsync(NpgsqlDataSource db, Uri simBaseUri, Instant scopeStart, Instant changedSince, Instant horizon)
    {
        var truth = await ReadTruthAsync(simBaseUri);
        var stored = await ReadDbAsync(db);
        int missing = 0, stale = 0, extra = 0, fields = 0, lines = 0, pending = 0, inScope = 0;
        var offenders = new List<string>();
        void Offend(string what, TradeState t)
        {
            if (offenders.Count < 20) offenders.Add($"{what} {t.Nick}/{t.Tid}");
        }

        foreach (var (key, t) in truth)
        {
            var required = t.Created >= scopeStart || t.Modified >= changedSince;
            if (t.Modified > horizon)
            {
                if (required) pending++;
                continue;
            }

            if (required) inScope++;
            if (!stored.TryGetValue(key, out var s))
            {
                if (required)
                {
                    missing++;
                    Offend("missing", t);
                }

                continue;
            }

            if (s.Modified < t.Modified) { stale++; Offend("stale", t); continue; }
            if (s.Status != t.Status || s.Money != t.Money || s.Memo != t.Memo || s.Flag != t.Flag || s.Modified != t.Modified)
            {
                fields++;
                Offend($"fields({s.Status}/{t.Status} {s.Money}/{t.Money} {s.Memo}/{t.Memo} {s.Flag}/{t.Flag})", t);
            }

            if (s.Lines != t.Lines) { lines++; Offend("lines", t); }
        }

        foreach (var (key, s) in stored)
        {
            if (!truth.ContainsKey(key)) { extra++; Offend("extra", s); }
        }

        return new TruthComparison(truth.Count, inScope, stored.Count, missing, stale, extra, fields, lines, pending, offenders);
    }

    private static async Task<Dictionary<(string, long), TradeState>> ReadTruthAsync(Uri simBaseUri)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        await using var stream = await http.GetStreamAsync(new Uri(simBaseUri, "/sim/truth"));
        using var reader = new StreamReader(stream);
        var trades = new Dictionary<(string, long), TradeState>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.GetProperty("kind").GetString() != "trade") continue;
            var lineText = root.GetProperty("lines").EnumerateArray()
                .Select(l => string.Join('|', l.GetProperty("oid").GetInt64().ToString(CultureInfo.InvariantCulture),
                    l.GetProperty("status").GetString(), l.GetProperty("refund_status").GetString(),
                    Money(l.GetProperty("payment").GetString()), l.GetProperty("num").GetInt32().ToString(CultureInfo.InvariantCulture)))
                .Order(StringComparer.Ordinal);
            var state = new TradeState(
                root.GetProperty("seller_nick").GetString()!,
                root.GetProperty("tid").GetInt64(),
                At(root.GetProperty("created").GetString()!),
                At(root.GetProperty("modified").GetString()!),
                root.GetProperty("status").GetString()!,
                string.Join('|', Money(root.GetProperty("payment").GetString()), Money(root.GetProperty("total_fee").GetString()),
                    Money(root.GetProperty("post_fee").GetString())),
                root.TryGetProperty("seller_memo", out var memo) ? memo.GetString() : null,
                root.GetProperty("seller_flag").GetInt32(),
                string.Join(';', lineText));
            trades[(state.Nick, state.Tid)] = state;
        }

        return trades;
    }

    private static async Task<Dictionary<(string, long), TradeState>> ReadDbAsync(NpgsqlDataSource db)
    {
        const string sql = """
            SELECT s.seller_nick, o.tid, o.created, o.modified, o.taobao_status, o.payment, o.total_fee, o.post_fee, o.seller_memo, o.seller_flag,
                   coalesce((SELECT string_agg(l.oid::text || '|' || coalesce(l.status, '') || '|' || coalesce(l.refund_status, '') || '|' ||
                                               coalesce(to_char(l.payment, 'FM999999999990.00'), '') || '|' || coalesce(l.quantity::text, ''), ';' ORDER BY l.oid::text COLLATE "C")
                             FROM staging.sales_order_line l WHERE l.shop_id = o.shop_id AND l.tid = o.tid), '')
            FROM staging.sales_order o JOIN etl.shop s ON s.shop_id = o.shop_id
            """;
        var trades = new Dictionary<(string, long), TradeState>();
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var state = new TradeState(
                reader.GetString(0), reader.GetInt64(1),
                reader.IsDBNull(2) ? Instant.MinValue : reader.GetFieldValue<Instant>(2),
                reader.GetFieldValue<Instant>(3),
                reader.GetString(4),
                string.Join('|', MoneyOf(reader, 5), MoneyOf(reader, 6), MoneyOf(reader, 7)),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? 0 : reader.GetInt32(9),
                reader.GetString(10));
            trades[(state.Nick, state.Tid)] = state;
        }

        return trades;
    }

    private static string MoneyOf(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? "" : reader.GetDecimal(ordinal).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Money(string? text) =>
        text is null ? "" : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture);

    private static Instant At(string text) => Pattern.Parse(text).Value.InZoneStrictly(Shanghai).ToInstant();

    private sealed record TradeState(string Nick, long Tid, Instant Created, Instant Modified, string Status, string Money,
        string? Memo, int Flag, string Lines);
}
