using Microsoft.Extensions.Logging.Abstractions;
using TaobaoEtl.Harness.Chaos;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.TopSim;
using Xunit.Abstractions;

namespace TaobaoEtl.IntegrationTests.Chaos;

/// <summary>
/// The chaos harness over seeds 1–3 (<c>taobao-etl chaos --seed 1 --runs 3 --preset small</c> replays them): sync
/// processes SIGKILLed, PostgreSQL restarted immediately, bans, isp storms, dropped connections, slow answers and
/// peak index lag, 520 storms, paging churn (busy slices too), lost answers and read races on a running clock, at
/// least ten faults a run, and verify finds nothing lost (trades and refunds); every run ends with a full reconcile against the
/// platform that leaves nothing owed. Seeds 1–2 without the look-back, or with the settle or the skip rule broken, lose trades,
/// which shows the harness can fail, and the reconcile repairs them.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosHarnessTests(ITestOutputHelper output)
{
    private const int FaultTarget = 10;

    // The broken runs show the harness can fail on seeds 1 and 2 (each loses on every seed measured, seed 3 too: the comments
    // below); the clean run keeps all three. The chaos class runs alone (it restarts PostgreSQL), so its minutes are the
    // suite's: with refunds synced beside trades the three seeds of every broken run took the suite past 15 minutes.
    private const int BrokenRuns = 2;

    [Fact]
    public async Task Three_seeds_of_kills_database_restarts_bans_and_storms_lose_nothing()
    {
        var totals = await RunAsync(ChaosBreakage.None);

        Assert.Equal(3, totals.Runs.Count);
        foreach (var run in totals.Runs)
        {
            Assert.True(run.Error is null, run.ToJson());
            Assert.True(run.DatabaseRestartsSkipped is null, run.ToJson());
            Assert.True(run.FaultsInjected >= FaultTarget, run.ToJson());
            Assert.True(run.Report is { IsClean: true, Missing: 0, Stale: 0, Extra: 0, FieldMismatch: 0, LinesMismatch: 0 }, run.ToJson());
            Assert.True(run.Report.TradesTruth > 100, run.ToJson());
            // Every run ends with a full reconcile against the platform: nothing owed after it, staging still clean.
            Assert.True(run.ReconciledClean, run.ToJson());
        }

        // Each kind happened somewhere, so the clean result is not the absence of a fault.
        foreach (var kind in FaultKinds.All)
            Assert.True(totals.Runs.Sum(r => r.Faults[kind]) > 0, $"no {kind.JsonName()} was injected: {totals.ToJson()}");
        Assert.True(totals.Clean, totals.ToJson());
    }

    [Fact]
    public async Task The_same_seeds_without_the_look_back_report_lost_trades()
    {
        var totals = await RunAsync(ChaosBreakage.NoLookBack, runs: BrokenRuns);

        Assert.Equal(BrokenRuns, totals.Runs.Count);
        foreach (var run in totals.Runs)
        {
            Assert.True(run.Error is null, run.ToJson());
            Assert.True(run.Report is { } report && report.Missing + report.Stale > 0, run.ToJson());
            // The reconcile (no test-only switch) finds the trades and refunds the broken sync lost and repairs them.
            Assert.True(run.ReconcileRepaired > 0 && run.ReconciledClean, run.ToJson());
        }

        Assert.False(totals.Clean, totals.ToJson());
    }

    /// <summary>
    /// The settle rule and the skip rule, each broken by its test-only switch, on the same seeds. A broken run storms
    /// every increment in the way its rule exists for, and runs few of them (the suite's budget is minutes). Why the
    /// loss is expected on every seed:
    /// <list type="bullet">
    /// <item><b>weak-settle</b>: each increment follows 8 hours without a run, read in 8-hour slices of several pages with
    /// the clock frozen, and churn on every page call after the first, mostly as an insertion mid-window with a departure
    /// (the count holds). An insertion that lands on a page already read is never listed while counts and distinct tids
    /// still agree, so the weak rule settles without it; the insertion lies hours before the next watermark, past any
    /// look-back, so no later run lists it. Churn is drawn from (seed, window, call number): the same paging meets the
    /// same churn, and each such increment holds many multi-page slices with several pair calls each.</item>
    /// <item><b>skip-rule</b>: TopSim's clock runs, every answer is held 700 ms after its read, and every detail read 300 ms
    /// or more into a second races (a change at the read, another later in that second). Each race's answer is dated in
    /// the next second, so taking Date for the read passes the copy for current, and the second change, listed by the
    /// next increment with the same modified, is skipped for good. Seven reads in ten race; each increment reads dozens
    /// of trades (it follows a 30-minute pause), so a seed without a race would need every one to fall in a second's
    /// first 300 ms.</item>
    /// </list>
    /// </summary>
    [Fact]
    public async Task The_same_seeds_with_the_settle_rule_or_the_skip_rule_broken_report_lost_trades()
    {
        // Measured on a loaded 2-core box: weak-settle, four busy increments: seeds 1–3 lost 9, 7 and 3 (missing + stale;
        // two increments once left seed 2 clean, so four stay). skip-rule, one raced increment: 32, 24 and 12 races gave
        // 23, 17 and 12 field mismatches: nearly every race is a loss, so one increment is enough. On 2026-12-02 seed 3
        // lost nothing in four busy increments once (the loss needs a shift onto a page already read): six stay.
        // The whole test: ~4.5 min here, over the ~3 min budget.
        foreach (var (breakage, storm, increments) in new[] { (ChaosBreakage.WeakSettle, FaultKind.BusySliceChurn, 6), (ChaosBreakage.SkipRule, FaultKind.ReadRace, 1) })
        {
            var totals = await RunAsync(breakage, minIncrements: increments, faultTarget: 1, runs: BrokenRuns);

            Assert.Equal(BrokenRuns, totals.Runs.Count);
            foreach (var run in totals.Runs)
            {
                Assert.True(run.Error is null, run.ToJson());
                Assert.True(run.Faults[storm] >= increments, run.ToJson());
                Assert.True(run.Report is { } report && report.Missing + report.Stale + report.FieldMismatch + report.LinesMismatch > 0, run.ToJson());
                // The reconcile repairs it: a stale copy by its listed modified, a copy read within its second by fetching it again.
                Assert.True(run.ReconcileRepaired + run.ReconcileRefetched > 0 && run.ReconciledClean, run.ToJson());
            }

            Assert.False(totals.Clean, totals.ToJson());
        }
    }

    private async Task<ChaosTotals> RunAsync(ChaosBreakage breakage, int minIncrements = 4, int faultTarget = FaultTarget, int runs = 3)
    {
        var settings = new ChaosSettings
        {
            Seed = 1,
            Runs = runs,
            Preset = SimPreset.Small,
            FaultTarget = faultTarget,
            MinIncrements = minIncrements,
            AdminConnectionString = PostgresDatabase.AdminConnectionString,
            Breakage = breakage,
            KeepFailedDatabases = false,
        };
        await using var lines = new StringWriter();
        var totals = await ChaosHarness.RunAsync(settings, lines, NullLoggerFactory.Instance, CancellationToken.None);
        output.WriteLine(lines.ToString());
        return totals;
    }
}
