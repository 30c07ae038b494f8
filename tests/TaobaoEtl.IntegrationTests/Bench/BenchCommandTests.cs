using System.Text.Json;
using TaobaoEtl.Bench;
using TaobaoEtl.Bench.EndToEnd;
using TaobaoEtl.Bench.Memory;
using TaobaoEtl.Bench.Report;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.IntegrationTests.Top;
using Xunit.Abstractions;

namespace TaobaoEtl.IntegrationTests.Bench;

/// <summary>
/// <c>taobao-etl bench</c> at a tiny size, run as its own process against the real PostgreSQL (its TopSim runs inside
/// it). Sizes and rates on a shared two-core machine are noise, so the checks are on shape and sanity, never on
/// timing thresholds. It runs alone: it measures rates, and would slow the timing tests beside it.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class BenchCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_tiny_bench_prints_a_table_and_ends_with_one_json_line_holding_every_figure()
    {
        _ = PostgresDatabase.AdminConnectionString;

        var outcome = await CliProcess.RunAsync(Patience, "bench", "--trades", "2000", "--sample", "500", "--quota-seconds", "3");

        var stdout = outcome.Output;
        output.WriteLine(outcome.ToString());
        Assert.Equal(0, outcome.ExitCode);
        var lines = stdout.TrimEnd().Split('\n');
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        foreach (var key in BenchKeys.Required) Assert.True(root.TryGetProperty(key, out _), $"the JSON line has no '{key}'");
        foreach (var key in BenchKeys.Required) Assert.Equal(JsonValueKind.Number, root.GetProperty(key).ValueKind);

        Assert.InRange(root.GetProperty(BenchKeys.SinkTradesPerSecond).GetDouble(), 1, 10_000_000);
        Assert.InRange(root.GetProperty(BenchKeys.PsqlCopyRowsPerSecond).GetDouble(), 1, 10_000_000);
        var ratio = root.GetProperty(BenchKeys.SinkRatio).GetDouble();
        Assert.Equal(root.GetProperty(BenchKeys.SinkTradesPerSecond).GetDouble() / root.GetProperty(BenchKeys.PsqlCopyRowsPerSecond).GetDouble(), ratio, 0.01);
        // A client that never exceeds its quota cannot use more than all of it (plus the calls in flight at the window's
        // edges). A ban is a finding the figure reports, not a test failure: then the window may have seen no call.
        var quotaUse = root.GetProperty(BenchKeys.QuotaUse).GetDouble();
        var bans = root.GetProperty(BenchKeys.Bans).GetDouble();
        Assert.InRange(quotaUse, 0, 1.5);
        Assert.True(bans >= 0 && bans == Math.Floor(bans), $"bans must be a count, got {bans}");
        Assert.True(quotaUse > 0 || bans > 0, "no call in the quota window, and no ban to explain it");
        Assert.InRange(root.GetProperty(BenchKeys.PeakRssMegabytes).GetDouble(), 1, 100_000);
        Assert.InRange(root.GetProperty(ProcessMemoryStage.BenchProcessPeakRssMegabytes).GetDouble(), 1, 100_000);
        Assert.Equal(2000, root.GetProperty("run").GetProperty("trades").GetInt64());

        // The end-to-end stage, scaled down with --trades: a real backfill and increment ran as child processes.
        double Figure(string key) => root.GetProperty(key).GetDouble();
        Assert.InRange(Figure(EndToEndStage.Trades), 2000, 10_000);
        Assert.InRange(Figure(EndToEndStage.SmallTrades), 1, Figure(EndToEndStage.Trades));
        Assert.True(Figure(BenchKeys.EndToEndTradesPerSecond) > 0);
        var minimum = Figure(BenchKeys.CallsPerTradeBackfillMinimum);
        Assert.InRange(minimum, 1.0, 2.0);
        Assert.True(Figure(BenchKeys.CallsPerTradeBackfill) >= minimum, "the backfill made fewer calls than the minimum: the count is wrong");
        var onUnchanged = Figure(BenchKeys.DetailCallsOnUnchanged);
        Assert.True(onUnchanged >= 0 && onUnchanged == Math.Floor(onUnchanged), $"detail calls on unchanged must be a count, got {onUnchanged}");
        Assert.True(Figure(EndToEndStage.IncrementChangedTrades) > 0, "the increment after the clock moved owed no call: the audit saw nothing");
        // Every slice costs at least its one list call, under either rule; the two ran on the same span of the same world.
        Assert.True(Figure(EndToEndStage.IncrementListCallsPerSlice) >= 1, "the proven increment made fewer list calls than slices");
        Assert.True(Figure(EndToEndStage.IncrementListCallsPerSliceWeakRule) >= 1, "the weak-rule increment made fewer list calls than slices");
        Assert.True(Figure(BenchKeys.RssRatioLargeVsSmall) > 0);
        Assert.True(Figure(EndToEndStage.SmallPeakRssMegabytes) > 0);
        Assert.True(Figure(EndToEndStage.SimLargeStartSeconds) > 0);
        // Reconcile's cost on the synced world: a count is one call a day, a full check about one per 100 trades; right after a
        // clean sync it finds nothing.
        Assert.InRange(Figure(ReconcileCost.CountCallsPer1000), 0.01, Figure(ReconcileCost.FullCallsPer1000));
        Assert.InRange(Figure(ReconcileCost.FullCallsPer1000), 10, 30);
        Assert.True(Figure(ReconcileCost.FullTradesPerSecond) > 0);
        Assert.True(Figure(ReconcileCost.CountTradesPerSecond) > 0);
        Assert.Equal(0, Figure(ReconcileCost.FullDiffering));
        var shares = root.EnumerateObject().Where(p => p.Name.StartsWith(EndToEndStage.StageSharePrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(5, shares.Count);
        Assert.Equal(1.0, shares.Sum(p => p.Value.GetDouble()), 2);
        Assert.DoesNotContain(" INF ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bench_leaves_no_database_behind()
    {
        await using var before = new PostgresDatabaseList();
        var existing = await before.BenchDatabasesAsync();

        var outcome = await CliProcess.RunAsync(Patience, "bench", "--trades", "200", "--sample", "100", "--quota-seconds", "1");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal(existing, await before.BenchDatabasesAsync());
    }

    [Fact]
    public async Task Too_small_a_bench_is_a_usage_error()
    {
        _ = PostgresDatabase.AdminConnectionString;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await Cli.CommandLine.RunAsync(["bench", "--trades", "10"], stdout, stderr);

        Assert.Equal((int)ExitCode.Usage, exit);
        Assert.Equal("", stdout.ToString());
    }
}
