using System.Globalization;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Bench.Calls;
using TaobaoEtl.Bench.Report;
using TaobaoEtl.Bench.SinkRatio;
using TaobaoEtl.Harness;
using TaobaoEtl.Harness.Sim;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.Windows;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.Bench.EndToEnd;

/// <summary>
/// The sync end to end: the real <c>taobao-etl backfill</c> as a child process against an in-process TopSim with
/// no quota and no faults, on a fresh database, timed and watched for peak RSS; the calls it cost against the
/// minimum; then one <c>taobao-etl increment</c> with look-back after the clock moves, audited for detail calls
/// on trades that had not changed; and a backfill of a tenth of the size first, for memory flatness.
/// </summary>
public sealed class EndToEndStage : IBenchStage
{
    public const string Trades = "e2e_trades";
    public const string SmallTrades = "e2e_small_trades";
    public const string PipelineTradesPerSecond = "e2e_pipeline_trades_per_s";
    public const string SmallPeakRssMegabytes = "sync_small_peak_rss_mb";
    public const string CallsPerTradeIncrement = "calls_per_trade_increment";
    public const string CallsPerTradeIncrementMinimum = "calls_per_trade_increment_min";
    public const string IncrementChangedTrades = "increment_changed_trades";
    public const string IncrementEdgeTrades = "increment_changed_on_slice_edge";
    public const string SimLargeStartSeconds = "sim_large_start_s";
    public const string IncrementListCallsPerSlice = "increment_list_calls_per_slice";

    private const string ListMethod = "taobao.trades.sold.get";
    private const string IncrementListMethod = "taobao.trades.sold.increment.get";
    private const string DetailMethod = "taobao.trade.fullinfo.get";
    public const string IncrementListCallsPerSliceWeakRule = "increment_list_calls_per_slice_weak_rule";

    // The settle rule before issue 15 (counts alone), restored on a clone of the same database for the side-by-side cost.
    private const string WeakSettleSwitch = "Sync:Testing:WeakSettleRule=true";
    public const string StageSharePrefix = "e2e_share_";

    /// <summary>How far the clock moves between the backfill and the increment: a scheduler's few minutes.</summary>
    public static readonly Duration IncrementStep = Duration.FromMinutes(5);

    /// <summary>Well beyond any look-back (10 min, 30 at a peak), so the truth taken for the audit covers the whole increment span.</summary>
    private static readonly Duration AuditMargin = Duration.FromHours(2);

    // High enough that the gate never waits: this stage measures the pipeline, the quota stage measures the gate.
    private const int UnlimitedCallsPerSecond = 20_000;

    public string Title => "end to end";

    public string Name => "e2e";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var logger = context.LoggerFactory.CreateLogger<EndToEndStage>();
        var preset = WorldSize.PresetFor(settings.Trades);
        var large = WorldSize.Of(preset, settings.Trades);
        var small = WorldSize.Of(preset, Math.Max(1, settings.Trades / 10));

        // Frozen: the truth does not move under a run, and the increment's span is exactly what the bench moved.
        await using var sim = await FrozenSim.StartAsync(context, preset, cancellationToken, FaultOptions.Clean());
        var largeStart = preset == SimPreset.Large ? sim.StartupTime : await TimeLargeStartAsync(context, cancellationToken);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var control = new SimControlClient(http, sim.BaseUri);

        // The small run first, on its own database: its peak is the baseline the large one is compared with.
        BackfillResult smallRun;
        await using (var smallDatabase = await BenchDatabase.CreateAsync(context.ConnectionString, cancellationToken))
        {
            smallRun = await BackfillAsync(context, sim, control, smallDatabase, small, cancellationToken);
        }

        await using var database = await BenchDatabase.CreateAsync(context.ConnectionString, cancellationToken);
        var run = await BackfillAsync(context, sim, control, database, large, cancellationToken);
        EndToEndLog.Backfilled(logger, run.Trades, large.BackfillDays, run.Outcome.Elapsed.TotalSeconds, run.Calls, run.PeakRssMegabytes);

        var platformNow = sim.Now;
        await control.AdvanceAsync(IncrementStep, cancellationToken);
        var weakRule = await WeakRuleIncrementAsync(context, sim, control, database, large, cancellationToken);
        var audit = await IncrementAudit.BeforeAsync(control, database, PlatformTime.StartOfDay(platformNow) - AuditMargin, cancellationToken);
        var before = (await control.StatsAsync(cancellationToken)).CallsServed;
        var increment = await SyncProcess.RunAsync(["increment", .. TradesOnly], Environment(context, sim, database, large), context.TimeProvider, cancellationToken);
        increment.ThrowIfFailed("increment");
        var after = (await control.StatsAsync(cancellationToken)).CallsServed;
        var slices = await LedgerWindows.ReadAsync(database, "increment_slice", cancellationToken);
        var owed = audit.Owed(slices);
        var onBoundary = audit.OnSharedBoundary(slices);
        var changed = owed.Sum(w => w.Changed);
        var detailCalls = Delta(before, after, DetailMethod);
        var incrementCalls = detailCalls + Delta(before, after, IncrementListMethod);
        var onUnchanged = Math.Max(0, detailCalls - changed);
        var listCalls = Delta(before, after, IncrementListMethod);
        EndToEndLog.Incremented(logger, owed.Count, owed.Sum(w => w.Listed), changed, detailCalls, incrementCalls);

        var rssRatio = run.PeakRssMegabytes / smallRun.PeakRssMegabytes;
        var sizes = string.Create(CultureInfo.InvariantCulture, $"{run.Trades:N0} vs {smallRun.Trades:N0} trades");
        var figures = new List<BenchFigure>
        {
            BenchFigure.Measured(BenchKeys.EndToEndTradesPerSecond, run.Trades / run.Outcome.Elapsed.TotalSeconds, "trades/s",
                string.Create(CultureInfo.InvariantCulture,
                    $"backfill of {run.Trades:N0} trades ({preset.ToString().ToLowerInvariant()}, {large.BackfillDays} days, {sim.Shops.Count} shops), child process start to exit {run.Outcome.Elapsed.TotalSeconds:0.0} s; no quota")),
            BenchFigure.Measured(BenchKeys.CallsPerTradeBackfill, (double)run.Calls / run.Trades, "",
                string.Create(CultureInfo.InvariantCulture, $"{run.Calls:N0} list + detail calls TopSim served / trades; x{(double)run.Calls / MinimumCalls.Of(run.Windows):0.000} the minimum")),
            BenchFigure.Measured(BenchKeys.CallsPerTradeBackfillMinimum, MinimumCalls.PerChangedTrade(run.Windows) ?? 0, "",
                $"ceil(listed/100) per day + 1 per trade, from {run.Windows.Count} ledger windows"),
            BenchFigure.Measured(BenchKeys.DetailCallsOnUnchanged, onUnchanged, "calls",
                string.Create(CultureInfo.InvariantCulture,
                    $"increment after +{IncrementStep.TotalMinutes:0} min: {detailCalls:N0} fullinfo calls - {changed:N0} trades new or changed since stored (truth vs staging); a changed trade on a slice edge ({onBoundary:N0}) may be fetched twice and counts here")),
            BenchFigure.Measured(BenchKeys.PeakRssMegabytes, run.PeakRssMegabytes, "MB",
                $"the sync process (VmHWM of the backfill child), {run.Trades:N0} trades"),
            BenchFigure.Measured(BenchKeys.RssRatioLargeVsSmall, rssRatio, "",
                $"sync peak RSS, {sizes}" + (settings.IsQuick ? " (quick: not 1M vs 100k)" : "")),
            BenchFigure.Measured(Trades, run.Trades, "trades", "backfilled in the large run (listed in the ledger)"),
            BenchFigure.Measured(SmallTrades, smallRun.Trades, "trades", $"backfilled in the small run ({small.BackfillDays} days)"),
            BenchFigure.Measured(SmallPeakRssMegabytes, smallRun.PeakRssMegabytes, "MB", "the sync process in the small run"),
            BenchFigure.Measured(CallsPerTradeIncrement, changed == 0 ? 0 : (double)incrementCalls / changed, "",
                $"increment list + detail calls / trades owed a call ({owed.Count} slices)"),
            BenchFigure.Measured(CallsPerTradeIncrementMinimum, MinimumCalls.PerChangedTrade(owed) ?? 0, "",
                "ceil(listed/100) per slice + 1 per trade owed a call"),
            BenchFigure.Measured(IncrementListCallsPerSlice, slices.Count == 0 ? 0 : (double)listCalls / slices.Count, "",
                string.Create(CultureInfo.InvariantCulture,
                    $"the proof (cuts by modified, recount): {listCalls:N0} increment list calls / {slices.Count} slices of {(slices.Count == 0 ? 0 : slices.Sum(w => w.Listed) / (double)slices.Count):0.0} trades")),
            BenchFigure.Measured(IncrementListCallsPerSliceWeakRule, weakRule.Slices == 0 ? 0 : (double)weakRule.ListCalls / weakRule.Slices, "",
                string.Create(CultureInfo.InvariantCulture,
                    $"before issue 15 (settled on counts alone), the same increment on a clone of the database: {weakRule.ListCalls:N0} list calls / {weakRule.Slices} slices")),
            BenchFigure.Measured(IncrementChangedTrades, changed, "trades", "new or changed in the increment's span"),
            BenchFigure.Measured(IncrementEdgeTrades, onBoundary, "trades",
                "changed trades on a second two slices share (both ends inclusive): the most calls that repeat a changed trade"),
            BenchFigure.Measured(SimLargeStartSeconds, largeStart.TotalSeconds, "s", "TopSim start with the large preset (in process)"),
        };
        figures.AddRange(await ReconcileCost.MeasureAsync(context, control, Environment(context, sim, database, large), large.BackfillDays,
            string.Create(CultureInfo.InvariantCulture, $"the {preset.ToString().ToLowerInvariant()} world ({run.Trades:N0} trades backfilled)"), cancellationToken));
        if (StageShares.BusySeconds(run.Outcome.Stdout) is { Count: > 0 } busy)
        {
            if (RunSummaryRate(run.Outcome.Stdout) is { } rate)
                figures.Add(BenchFigure.Measured(PipelineTradesPerSecond, rate, "trades/s", "the backfill's own summary (run time, no process start)"));
            foreach (var (stage, share) in StageShares.Of(busy))
            {
                figures.Add(BenchFigure.Measured(StageSharePrefix + stage, share, "",
                    string.Create(CultureInfo.InvariantCulture, $"{busy[stage]:0.0} s busy, summed over the stage's workers")));
            }
        }

        return figures;
    }

    // The figures are the trade stream's (calls per trade, trades/s, RSS), measured as they were before refunds were synced:
    // the refund stream's calls and rows would blur every one of them.
    private static readonly string[] TradesOnly = ["--stream", "trades"];

    private static async Task<BackfillResult> BackfillAsync(BenchContext context, TopSimHost sim, SimControlClient control, BenchDatabase database,
        WorldSize size, CancellationToken cancellationToken)
    {
        var before = (await control.StatsAsync(cancellationToken)).CallsServed;
        var outcome = await SyncProcess.RunAsync(["backfill", .. TradesOnly], Environment(context, sim, database, size), context.TimeProvider, cancellationToken);
        outcome.ThrowIfFailed("backfill");
        var after = (await control.StatsAsync(cancellationToken)).CallsServed;
        var windows = (await LedgerWindows.ReadAsync(database, "backfill_day", cancellationToken)).Select(w => ListedWindow.Backfill(w.Listed)).ToList();
        var trades = windows.Sum(w => w.Listed);
        if (trades == 0) throw new InvalidOperationException("The backfill listed no trade: nothing to measure.");
        var calls = Delta(before, after, ListMethod) + Delta(before, after, DetailMethod);
        var peak = outcome.PeakRssBytes ?? throw new InvalidOperationException("No peak RSS could be read for the sync process (no /proc?).");
        return new BackfillResult(outcome, windows, trades, calls, peak / 1048576.0);
    }

    /// <summary>
    /// The increment the proven one is compared with: the same span of the same frozen world, from a copy of the same
    /// database, under the counts-only settle rule; its detail calls are done before the audit counts the proven run's.
    /// </summary>
    private static async Task<WeakRuleRun> WeakRuleIncrementAsync(BenchContext context, TopSimHost sim, SimControlClient control, BenchDatabase database,
        WorldSize size, CancellationToken cancellationToken)
    {
        await using var clone = await database.CloneAsync(cancellationToken);
        var before = (await control.StatsAsync(cancellationToken)).CallsServed;
        var outcome = await SyncProcess.RunAsync(["increment", .. TradesOnly, "--test-only-switch", WeakSettleSwitch], Environment(context, sim, clone, size),
            context.TimeProvider, cancellationToken);
        outcome.ThrowIfFailed("increment (weak settle rule)");
        var after = (await control.StatsAsync(cancellationToken)).CallsServed;
        var slices = await LedgerWindows.ReadAsync(clone, "increment_slice", cancellationToken);
        return new WeakRuleRun(Delta(before, after, IncrementListMethod), slices.Count);
    }

    private static Dictionary<string, string> Environment(BenchContext context, TopSimHost sim, BenchDatabase database, WorldSize size) =>
        SyncChildEnvironment.For(database.ConnectionString, sim)
            .Top("CallsPerSecond", UnlimitedCallsPerSecond)
            .Sync("BackfillDays", size.BackfillDays)
            .Sync("BatchSize", context.Settings.BatchSize)
            .Sync("ParallelSinks", context.Settings.ParallelSinks)
            // Warnings only: a million trades of information lines would measure the log, not the sync.
            .LogLevel("Warning")
            .Build();

    private static async Task<TimeSpan> TimeLargeStartAsync(BenchContext context, CancellationToken cancellationToken)
    {
        await using var large = await FrozenSim.StartAsync(context, SimPreset.Large, cancellationToken);
        return large.StartupTime;
    }

    private static long Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, string method) =>
        after.GetValueOrDefault(method) - before.GetValueOrDefault(method);

    private static double? RunSummaryRate(string summary)
    {
        var line = summary.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("trades/s", StringComparison.Ordinal));
        return line is not null && double.TryParse(line["trades/s".Length..].Trim().Replace(",", "", StringComparison.Ordinal),
            NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ? rate : null;
    }

    private sealed record WeakRuleRun(long ListCalls, int Slices);

    private sealed record BackfillResult(SyncOutcome Outcome, IReadOnlyList<ListedWindow> Windows, long Trades, long Calls, double PeakRssMegabytes);
}
