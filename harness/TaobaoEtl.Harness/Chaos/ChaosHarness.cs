using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Harness.Chaos;

/// <summary>
/// <c>taobao-etl chaos</c> as an API: runs <see cref="ChaosSettings.Runs"/> chaos runs (run i with seed + i, so a
/// failing run replays alone with <c>--seed</c> its seed <c>--runs 1</c>), writes one JSON line per run and a total line.
/// </summary>
public static class ChaosHarness
{
    public static async Task<ChaosTotals> RunAsync(ChaosSettings settings, TextWriter output, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Runs, 1);
        var (cluster, whyNot) = await OwnedCluster.FindAsync(settings.AdminConnectionString, cancellationToken);
        var launch = SyncChildLaunch.ThisCli();
        var results = new List<ChaosRunResult>();
        for (var i = 0; i < settings.Runs; i++)
        {
            var run = new ChaosRun(settings, settings.Seed + i, cluster, launch, loggers);
            var result = await run.ExecuteAsync(whyNot, cancellationToken);
            results.Add(result);
            await output.WriteLineAsync(result.ToJson());
            await output.FlushAsync(cancellationToken);
        }

        var totals = new ChaosTotals(results);
        await output.WriteLineAsync(totals.ToJson());
        return totals;
    }
}
