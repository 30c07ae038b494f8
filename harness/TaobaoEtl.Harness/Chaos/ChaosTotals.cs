using System.Text;
using System.Text.Json;

namespace TaobaoEtl.Harness.Chaos;

/// <summary>The sum over a session's runs; <see cref="ToJson"/> is the total line.</summary>
public sealed class ChaosTotals(IReadOnlyList<ChaosRunResult> runs)
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
