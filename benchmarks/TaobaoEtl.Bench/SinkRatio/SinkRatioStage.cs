using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaobaoEtl.Bench.Corpus;
using TaobaoEtl.Bench.Report;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using TaobaoEtl.TopSim;

namespace TaobaoEtl.Bench.SinkRatio;

/// <summary>
/// Trades per second through <see cref="CopySink"/> (binary COPY into temporary tables, version-checked upsert of
/// orders, lines of changed trades replaced, raw JSON kept; the real schema on a fresh database) divided by the
/// trades per second <c>psql \copy</c> loads the same rows (order, lines and raw payload of each trade) into
/// plain tables of the same columns, logged like staging, without keys or indexes: the physical limit of
/// getting those bytes into PostgreSQL. A second psql run into copies with the staging keys and indexes shows
/// how much of the gap is index upkeep rather than the sink's own work.
/// </summary>
public sealed class SinkRatioStage : IBenchStage
{
    public const string SinkRatioIndexed = "sink_ratio_indexed";
    public const string PsqlCopyIndexedRowsPerSecond = "psql_copy_indexed_rows_per_s";
    public const string PsqlCopyAllRowsPerSecond = "psql_copy_all_rows_per_s";
    public const string PsqlPeakRss = "psql_peak_rss_mb";

    private const string PlainSchema = "bench_plain";
    private const string IndexedSchema = "bench_indexed";

    public string Title => "sink vs psql \\copy";

    public string Name => "sink";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var logger = context.LoggerFactory.CreateLogger<SinkRatioStage>();
        var psql = await Psql.LocateAsync(settings.PsqlPath, cancellationToken);
        var corpus = new TradeCorpus(await RecordSampleAsync(context, logger, cancellationToken));

        await using var database = await BenchDatabase.CreateAsync(context.ConnectionString, cancellationToken);
        await CreateYardstickTablesAsync(database, cancellationToken);

        var sinkTime = TimeSpan.Zero;
        long lines;
        // The CSV files (about 3.5 KB a trade) stay in the caller's scratch folder until the run ends.
        await using (var files = new CopyFiles(context.WorkDirectory.CreateSubdirectory("psql-copy")))
        {
            for (long from = 0; from < settings.Trades; from += settings.ChunkSize)
            {
                var trades = corpus.Range(from, (int)Math.Min(settings.ChunkSize, settings.Trades - from));
                await files.AppendAsync(trades, cancellationToken);
                if (from == 0) await CheckpointAsync(database, logger, cancellationToken);
                sinkTime += await WriteThroughSinksAsync(database.DataSource, trades, settings, context.TimeProvider, cancellationToken);
                BenchLog.SinkProgress(logger, from + trades.Count, settings.Trades, settings.BatchSize, settings.ParallelSinks, sinkTime.TotalSeconds);
            }

            await files.CompleteAsync();
            lines = files.Lines;
            var megabytes = files.Bytes / 1048576.0;

            await CheckpointAsync(database, logger, cancellationToken);
            var plain = await psql.CopyAsync(database.ConnectionString, CopyCommands(PlainSchema, files), context.TimeProvider, cancellationToken);
            BenchLog.PsqlCopied(logger, psql.Path, files.Orders, files.Orders * 2 + lines, megabytes, PlainSchema, plain.Elapsed.TotalSeconds);
            await CheckpointAsync(database, logger, cancellationToken);
            var indexed = await psql.CopyAsync(database.ConnectionString, CopyCommands(IndexedSchema, files), context.TimeProvider, cancellationToken);
            BenchLog.PsqlCopied(logger, psql.Path, files.Orders, files.Orders * 2 + lines, megabytes, IndexedSchema, indexed.Elapsed.TotalSeconds);

            await VerifyCountsAsync(database, settings.Trades, lines, cancellationToken);

            var sinkRate = settings.Trades / sinkTime.TotalSeconds;
            var plainRate = settings.Trades / plain.Elapsed.TotalSeconds;
            var indexedRate = settings.Trades / indexed.Elapsed.TotalSeconds;
            var shape = $"{settings.Trades:N0} trades, {lines:N0} lines";
            var figures = new List<BenchFigure>
            {
                BenchFigure.Measured(BenchKeys.SinkRatio, sinkRate / plainRate, "", "sink ÷ psql \\copy into plain tables"),
                BenchFigure.Measured(BenchKeys.SinkTradesPerSecond, sinkRate, "trades/s",
                    $"{shape}; batch {settings.BatchSize}, {settings.ParallelSinks} sinks"),
                BenchFigure.Measured(BenchKeys.PsqlCopyRowsPerSecond, plainRate, "trades/s",
                    "order rows/s; each with its lines and raw row in the same copy"),
                BenchFigure.Measured(PsqlCopyAllRowsPerSecond, (settings.Trades * 2 + lines) / plain.Elapsed.TotalSeconds, "rows/s",
                    "orders + lines + raw rows/s of the same psql run"),
                BenchFigure.Measured(SinkRatioIndexed, sinkRate / indexedRate, "", "sink ÷ psql \\copy into tables with staging's keys and indexes"),
                BenchFigure.Measured(PsqlCopyIndexedRowsPerSecond, indexedRate, "trades/s", "psql \\copy with staging's keys and indexes"),
            };
            if (plain.PeakRssBytes is { } psqlPeak)
                figures.Add(BenchFigure.Measured(PsqlPeakRss, psqlPeak / 1048576.0, "MB", "child-process probe (VmHWM)"));
            return figures;
        }
    }

    private static async Task<TradeSample> RecordSampleAsync(BenchContext context, ILogger logger, CancellationToken cancellationToken)
    {
        var started = context.TimeProvider.GetTimestamp();
        // A frozen clock: every recorded answer describes the same instant of the world, so a run is repeatable.
        await using var sim = await FrozenSim.StartAsync(context, SimPreset.Small, cancellationToken);
        var size = (int)Math.Clamp(context.Settings.Trades, 100, context.Settings.SampleSize);
        var sample = await TradeSample.RecordAsync(sim, context.WallClock, size, cancellationToken);
        BenchLog.SampleRecorded(logger, sample.Trades.Count, sim.Shops.Count, context.TimeProvider.GetElapsedTime(started).TotalSeconds);
        return sample;
    }

    private static async Task<TimeSpan> WriteThroughSinksAsync(NpgsqlDataSource dataSource, IReadOnlyList<NormalizedTrade> trades,
        BenchSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var batches = trades.Chunk(settings.BatchSize).ToArray();
        var next = -1;
        var started = time.GetTimestamp();
        // Each sink takes the next batch when it is free, as the pipeline's parallel sink blocks do; a batch is one
        // transaction (begin, COPY, upsert, commit), the pipeline's flush. The sink's per-batch log lines would
        // cost time and flood stderr, so they are off here.
        await Task.WhenAll(Enumerable.Range(0, settings.ParallelSinks).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < batches.Length; i = Interlocked.Increment(ref next))
                await CopySink.WriteBatchAsync(dataSource, new SinkBatch { Trades = batches[i] }, cancellationToken, NullLogger.Instance);
        }));
        return time.GetElapsedTime(started);
    }

    private static async Task CreateYardstickTablesAsync(BenchDatabase database, CancellationToken cancellationToken)
    {
        // LIKE keeps the columns, types and NOT NULLs; INCLUDING DEFAULTS fills synced_at as staging does.
        // Both are ordinary logged tables, like staging.
        await database.ExecuteAsync($"""
            CREATE SCHEMA {PlainSchema};
            CREATE TABLE {PlainSchema}.sales_order (LIKE staging.sales_order INCLUDING DEFAULTS);
            CREATE TABLE {PlainSchema}.sales_order_line (LIKE staging.sales_order_line INCLUDING DEFAULTS);
            CREATE TABLE {PlainSchema}.raw_trade (LIKE raw.trade INCLUDING DEFAULTS);
            CREATE SCHEMA {IndexedSchema};
            CREATE TABLE {IndexedSchema}.sales_order (LIKE staging.sales_order INCLUDING ALL);
            CREATE TABLE {IndexedSchema}.sales_order_line (LIKE staging.sales_order_line INCLUDING ALL);
            CREATE TABLE {IndexedSchema}.raw_trade (LIKE raw.trade INCLUDING ALL);
            """, cancellationToken);
    }

    private static string[] CopyCommands(string schema, CopyFiles files) =>
    [
        $"\\copy {schema}.sales_order ({string.Join(", ", CopyFiles.OrderColumns)}) FROM '{files.OrdersPath}' WITH (FORMAT csv)",
        $"\\copy {schema}.sales_order_line ({string.Join(", ", CopyFiles.LineColumns)}) FROM '{files.LinesPath}' WITH (FORMAT csv)",
        $"\\copy {schema}.raw_trade ({string.Join(", ", CopyFiles.RawColumns)}) FROM '{files.RawPath}' WITH (FORMAT csv)",
    ];

    // Both sides must have written what they were given, or the rates compare different work.
    private static async Task VerifyCountsAsync(BenchDatabase database, long trades, long lines, CancellationToken cancellationToken)
    {
        foreach (var (table, expected) in new (string, long)[]
                 {
                     ("staging.sales_order", trades), ("staging.sales_order_line", lines), ("raw.trade", trades),
                     ($"{PlainSchema}.sales_order", trades), ($"{PlainSchema}.sales_order_line", lines), ($"{PlainSchema}.raw_trade", trades),
                     ($"{IndexedSchema}.sales_order", trades), ($"{IndexedSchema}.raw_trade", trades),
                 })
        {
            var actual = await database.CountAsync(table, cancellationToken);
            if (actual != expected) throw new InvalidOperationException($"{table} holds {actual} rows after the bench, expected {expected}.");
        }
    }

    // Each timed phase starts without the previous one's dirty pages waiting to be flushed on its clock.
    private static async Task CheckpointAsync(BenchDatabase database, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await database.ExecuteAsync("CHECKPOINT", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            BenchLog.CheckpointRefused(logger, ex.SqlState);
        }
    }
}
