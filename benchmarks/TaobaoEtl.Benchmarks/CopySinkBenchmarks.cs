using BenchmarkDotNet.Attributes;
using Npgsql;
using TaobaoEtl.Bench.Corpus;
using TaobaoEtl.Bench.SinkRatio;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;

namespace TaobaoEtl.Benchmarks;

/// <summary>
/// One <see cref="CopySink"/> writing 50,000 distinct trades (minted from 5,000 recorded from TopSim) in batches of
/// 2,000, each batch one transaction, into empty staging tables of a fresh, migrated database on the PostgreSQL
/// named by TAOBAOETL__Database__ConnectionString (<c>./run.sh bench micro</c> starts one). Reported per trade.
/// </summary>
[MemoryDiagnoser]
public class CopySinkBenchmarks
{
    private const int Trades = 50_000;
    private const int BatchSize = 2_000;
    private BenchDatabase _database = null!;
    private SinkBatch[] _batches = [];

    [GlobalSetup]
    public async Task Setup()
    {
        var server = Environment.GetEnvironmentVariable("TAOBAOETL__Database__ConnectionString")
                     ?? throw new InvalidOperationException("TAOBAOETL__Database__ConnectionString is not set: run through './run.sh bench micro', which starts PostgreSQL.");
        var corpus = new TradeCorpus(await SimTrades.RecordAsync(5_000));
        _batches = [.. corpus.Range(0, Trades).Chunk(BatchSize).Select(trades => new SinkBatch { Trades = trades })];
        _database = await BenchDatabase.CreateAsync(server, CancellationToken.None);
    }

    // Every iteration inserts into empty tables; otherwise the second one would only find its trades current.
    [IterationSetup]
    public void EmptyStaging()
    {
        using var connection = _database.DataSource.OpenConnection();
        using var truncate = new NpgsqlCommand("TRUNCATE staging.sales_order, staging.sales_order_line, raw.trade; CHECKPOINT", connection);
        truncate.ExecuteNonQuery();
    }

    [Benchmark(OperationsPerInvoke = Trades)]
    public async Task<long> Write50kTrades()
    {
        long written = 0;
        foreach (var batch in _batches)
            written += (await CopySink.WriteBatchAsync(_database.DataSource, batch, CancellationToken.None)).TradesInserted;
        return written;
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _database.DisposeAsync();
}
