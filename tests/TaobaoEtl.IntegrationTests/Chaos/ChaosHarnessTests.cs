using Microsoft.Extensions.Logging.Abstractions;
using TaobaoEtl.Cli.Chaos;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.TopSim;
using Xunit.Abstractions;

namespace TaobaoEtl.IntegrationTests.Chaos;

/// <summary>
/// The chaos harness over seeds 1–3 (<c>taobao-etl chaos --seed 1 --runs 3 --preset small</c> replays them): sync
/// processes SIGKILLed, PostgreSQL restarted immediately, bans, isp storms, dropped connections, slow answers and
/// peak index lag, at least ten faults a run, and verify finds nothing lost. The same seeds without the look-back
/// lose trades, which shows the harness can fail.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosHarnessTests(ITestOutputHelper output)
{
    private const int FaultTarget = 10;

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
        }

        // Each kind happened somewhere, so the clean result is not the absence of a fault.
        foreach (var kind in FaultKinds.All)
            Assert.True(totals.Runs.Sum(r => r.Faults[kind]) > 0, $"no {kind.JsonName()} was injected: {totals.ToJson()}");
        Assert.True(totals.Clean, totals.ToJson());
    }

    [Fact]
    public async Task The_same_seeds_without_the_look_back_report_lost_trades()
    {
        var totals = await RunAsync(ChaosBreakage.NoLookBack);

        Assert.Equal(3, totals.Runs.Count);
        foreach (var run in totals.Runs)
        {
            Assert.True(run.Error is null, run.ToJson());
            Assert.True(run.Report is { } report && report.Missing + report.Stale > 0, run.ToJson());
        }

        Assert.False(totals.Clean, totals.ToJson());
    }

    private async Task<ChaosTotals> RunAsync(ChaosBreakage breakage)
    {
        var settings = new ChaosSettings
        {
            Seed = 1,
            Runs = 3,
            Preset = SimPreset.Small,
            FaultTarget = FaultTarget,
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
