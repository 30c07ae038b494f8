using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Cli.Chaos;

/// <summary>
/// <c>taobao-etl chaos</c> as an API: runs <see cref="ChaosSettings.Runs"/> chaos runs (run i with seed + i, so a
/// failing run replays alone with <c>--seed</c> its seed <c>--runs 1</c>), writes one JSON line per run and a total line.
/// </summary>
internal static class ChaosHarness
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

/// <summary>The sum over a session's runs; <see cref="ToJson"/> is the total line.</summary>
internal sealed class ChaosTotals(IReadOnlyList<ChaosRunResult> runs)
{
    public IReadOnlyList<ChaosRunResult> Runs { get; } = runs;

    public int FaultsInjected => Runs.Sum(r => r.FaultsInjected);

    public ChaosCounts Counts => Runs.Where(r => r.Report is not null).Aggregate(ChaosCounts.Zero, (sum, r) => sum.Plus(ChaosCounts.Of(r.Report!)));

    public int FailedRuns => Runs.Count(r => r.Error is not null);

    public bool Clean => Runs.All(r => r.Clean);

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("runs", Runs.Count);
            json.WriteNumber("faults_injected", FaultsInjected);
            json.WriteStartObject("faults");
            foreach (var kind in FaultKinds.All) json.WriteNumber(kind.JsonName(), Runs.Sum(r => r.Faults[kind]));
            json.WriteEndObject();
            Counts.WriteTo(json);
            json.WriteNumber("failed_runs", FailedRuns);
            json.WriteBoolean("clean", Clean);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
