using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;

namespace TaobaoEtl.Bench.SinkRatio;

/// <summary>
/// The rows the sink writes for each trade (its <c>staging.sales_order</c> row, its <c>staging.sales_order_line</c>
/// rows and its <c>raw.trade</c> payload), as three CSV files for <c>psql \copy</c>: the same rows, so the ratio
/// compares the sink with the plainest way PostgreSQL can take the same bytes.
/// </summary>
public sealed class CopyFiles : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> RawColumns = ["shop_id", "tid", "modified", "fetched_at", "payload"];

    private static readonly InstantPattern Iso = InstantPattern.ExtendedIso;
    private readonly StreamWriter _orders;
    private readonly StreamWriter _lines;
    private readonly StreamWriter _raw;
    private readonly StringBuilder _row = new(4096);

    public CopyFiles(DirectoryInfo directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        OrdersPath = Path.Combine(directory.FullName, "sales_order.csv");
        LinesPath = Path.Combine(directory.FullName, "sales_order_line.csv");
        RawPath = Path.Combine(directory.FullName, "raw_trade.csv");
        _orders = Open(OrdersPath);
        _lines = Open(LinesPath);
        _raw = Open(RawPath);
    }

    public string OrdersPath { get; }
    public string LinesPath { get; }
    public string RawPath { get; }

    public long Orders { get; private set; }
    public long Lines { get; private set; }

    public long Bytes => new[] { OrdersPath, LinesPath, RawPath }.Sum(p => new FileInfo(p).Length);

    public async Task AppendAsync(IReadOnlyList<NormalizedTrade> trades, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trades);
        foreach (var trade in trades)
        {
            await WriteRowAsync(_orders, OrderFields(trade.Order), cancellationToken);
            foreach (var line in trade.Lines)
            {
                await WriteRowAsync(_lines, LineFields(line), cancellationToken);
                Lines++;
            }

            await WriteRowAsync(_raw, [Text(trade.ShopId), Int(trade.Tid), Time(trade.Order.Modified), Time(trade.Order.FetchedAt), Text(trade.RawJson)], cancellationToken);
            Orders++;
        }
    }

    /// <summary>Flushes and closes the files; psql reads them after this.</summary>
    public async Task CompleteAsync()
    {
        await _orders.FlushAsync();
        await _lines.FlushAsync();
        await _raw.FlushAsync();
    }

    // In the column order of SinkSql.OrderColumns.
    private static string?[] OrderFields(SalesOrderRow o) =>
    [
        Text(o.ShopId), Int(o.Tid), Text(o.OrderType), Text(o.TaobaoStatus), Text(o.ErpStatus), Time(o.Created), Time(o.PayTime),
        Time(o.ConsignTime), Time(o.EndTime), Time(o.Modified), Time(o.FetchedAt), Money(o.TotalFee), Money(o.Payment),
        Money(o.PostFee), Money(o.DiscountFee), Money(o.AdjustFee), Money(o.ReceivedPayment), Text(o.BuyerNick),
        Text(o.BuyerOpenUid), Text(o.SellerNick), Text(o.ReceiverName), Text(o.ReceiverState), Text(o.ReceiverCity),
        Text(o.ReceiverDistrict), Text(o.ReceiverTown), Text(o.ReceiverAddress), Text(o.ReceiverZip), Text(o.ReceiverMobile),
        Text(o.ReceiverPhone), Text(o.Oaid), Text(o.BuyerMessage), Text(o.SellerMemo), Int(o.SellerFlag), Text(o.ShippingType),
        Text(o.TradeFrom), Text(o.StepTradeStatus), Money(o.StepPaidFee), Int(o.LineCount),
    ];

    // In the column order of SinkSql.LineColumns.
    private static string?[] LineFields(SalesOrderLineRow l) =>
    [
        Text(l.ShopId), Int(l.Tid), Int(l.Oid), Int(l.NumIid), Text(l.SkuId), Text(l.OuterIid), Text(l.OuterSkuId), Text(l.Title),
        Text(l.SkuPropertiesName), Money(l.Price), Int(l.Quantity), Money(l.TotalFee), Money(l.Payment), Money(l.DiscountFee),
        Money(l.AdjustFee), Money(l.DivideOrderFee), Money(l.PartMjzDiscount), Text(l.Status), Text(l.RefundStatus),
        Int(l.RefundId), Text(l.LogisticsCompany), Text(l.InvoiceNo), Time(l.ConsignTime), Time(l.EndTime),
    ];

    public static IReadOnlyList<string> OrderColumns => SinkSql.OrderColumns;
    public static IReadOnlyList<string> LineColumns => SinkSql.LineColumns;

    // CSV: a NULL is an empty unquoted field; every text is quoted, so an empty text stays an empty text.
    private static string? Text(string? value) => value is null ? null : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    private static string? Int(long? value) => value?.ToString(CultureInfo.InvariantCulture);
    private static string? Money(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
    private static string? Time(Instant? value) => value is { } v ? Iso.Format(v) : null;

    private Task WriteRowAsync(StreamWriter writer, string?[] fields, CancellationToken cancellationToken)
    {
        _row.Clear();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) _row.Append(',');
            _row.Append(fields[i]);
        }

        _row.Append('\n');
        return writer.WriteAsync(_row, cancellationToken);
    }

    private static StreamWriter Open(string path) =>
        new(path, new UTF8Encoding(false), new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 20 });

    public async ValueTask DisposeAsync()
    {
        await _orders.DisposeAsync();
        await _lines.DisposeAsync();
        await _raw.DisposeAsync();
    }
}
