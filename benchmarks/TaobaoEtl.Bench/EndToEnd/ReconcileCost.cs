using System.Globalization;
using System.Text.Json.Nodes;
using TaobaoEtl.Bench.Report;
using TaobaoEtl.Harness.Sim;

namespace TaobaoEtl.Bench.EndToEnd;

/// <summary>
/// What the completeness proof costs on the synced world: <c>taobao-etl reconcile</c> as a child process over the backfill
/// days, once at count depth (one call a day) and once in full (every (tid, modified) listed), with the recent hours off,
/// so each figure is the days' own. Calls are what TopSim served during the run, per 1,000 trades the days hold; the
/// rate is the run's own (its JSON line's seconds, no process start).
/// </summary>
public static class ReconcileCost
{
    public const string CountCallsPer1000 = "reconcile_count_calls_per_1000_trades";
    public const string FullCallsPer1000 = "reconcile_full_calls_per_1000_trades";
    public const string CountTradesPerSecond = "reconcile_count_trades_checked_per_s";
    public const string FullTradesPerSecond = "reconcile_full_trades_checked_per_s";
    public const string FullDiffering = "reconcile_full_differing_slices";

    public static async Task<IReadOnlyList<BenchFigure>> MeasureAsync(BenchContext context, SimControlClient control, IReadOnlyDictionary<string, string> environment,
        int days, string world, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(control);
        var count = await RunAsync(context, control, environment, "count", days, cancellationToken);
        var full = await RunAsync(context, control, environment, "full", days, cancellationToken);
        return
        [
            BenchFigure.Measured(CountCallsPer1000, count.CallsPer1000, "",
                string.Create(CultureInfo.InvariantCulture, $"reconcile --depth count over {days} days of {world}: {count.Calls:N0} calls / {count.Trades:N0} trades (a day whose count differs is listed too)")),
            BenchFigure.Measured(FullCallsPer1000, full.CallsPer1000, "",
                string.Create(CultureInfo.InvariantCulture, $"reconcile --depth full over the same days: {full.Calls:N0} calls / {full.Trades:N0} trades listed")),
            BenchFigure.Measured(CountTradesPerSecond, count.TradesPerSecond, "trades/s", "count depth: trades the days hold / the run's seconds"),
            BenchFigure.Measured(FullTradesPerSecond, full.TradesPerSecond, "trades/s",
                string.Create(CultureInfo.InvariantCulture, $"full depth: trades listed and diffed / the run's {full.Seconds:0.00} s")),
            BenchFigure.Measured(FullDiffering, full.Differing, "slices", "days the full reconcile found differing right after a clean sync (0 expected)"),
        ];
    }

    private static async Task<Cost> RunAsync(BenchContext context, SimControlClient control, IReadOnlyDictionary<string, string> environment, string depth,
        int days, CancellationToken cancellationToken)
    {
        var before = (await control.StatsAsync(cancellationToken)).CallsServed.Values.Sum();
        var outcome = await SyncProcess.RunAsync(
            ["reconcile", "--depth", depth, "--days", days.ToString(CultureInfo.InvariantCulture), "--recent-hours", "0"], environment, context.TimeProvider,
            cancellationToken);
        outcome.ThrowIfFailed("reconcile --depth " + depth);
        var calls = (await control.StatsAsync(cancellationToken)).CallsServed.Values.Sum() - before;
        var last = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException("reconcile printed no JSON line");
        var line = JsonNode.Parse(last) as JsonObject ?? throw new InvalidOperationException("reconcile's last line is no JSON object: " + last);
        var trades = line["trades_checked"]!.GetValue<long>();
        var seconds = line["seconds"]!.GetValue<double>();
        if (trades == 0) throw new InvalidOperationException("reconcile checked no trade: nothing to measure.");
        return new Cost(calls, trades, seconds, line["differing"]!.GetValue<long>());
    }

    private sealed record Cost(long Calls, long Trades, double Seconds, long Differing)
    {
        public double CallsPer1000 => Calls * 1000.0 / Trades;
        public double TradesPerSecond => Seconds <= 0 ? 0 : Trades / Seconds;
    }
}
