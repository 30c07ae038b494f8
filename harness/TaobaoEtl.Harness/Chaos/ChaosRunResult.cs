using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaobaoEtl.TopSim;
using TaobaoEtl.Verify;

namespace TaobaoEtl.Harness.Chaos;

/// <summary>What one chaos run did and what verify found; <see cref="ToJson"/> is its one JSON line.</summary>
public sealed class ChaosRunResult
{
    private const int OffendersShown = 10;

    public required long Seed { get; init; }
    public required SimPreset Preset { get; init; }
    public required ChaosBreakage Breakage { get; init; }
    public required string Database { get; init; }
    public string? DatabaseRestartsSkipped { get; init; }
    public required IReadOnlyDictionary<FaultKind, int> Faults { get; init; }

    /// <summary>How the sync children ended: "exit_0", "killed", "exit_69", "exit_75"…</summary>
    public required IReadOnlyDictionary<string, int> Endings { get; init; }

    public int Increments { get; set; }
    public int Children { get; set; }
    public JsonObject? SimStats { get; set; }
    public VerifyReport? Report { get; set; }

    /// <summary>The final full reconcile's JSON line (with its <c>attempts</c>); null when the run did not get there.</summary>
    public JsonObject? Reconcile { get; set; }

    /// <summary>Verify after that reconcile: what the reconcile could not repair.</summary>
    public VerifyReport? Reconciled { get; set; }

    /// <summary>Trades the final reconcile left owed (-1 when it did not run).</summary>
    public long ReconcileOwed => Number("owed") ?? -1;

    /// <summary>What the final reconcile repaired and fetched again.</summary>
    public long ReconcileRepaired => Number("repaired") ?? 0;

    public long ReconcileRefetched => Number("refetched") ?? 0;

    // A number of the reconcile's line, whether parsed from its stdout or built in memory.
    private long? Number(string key) => Reconcile?[key] is JsonValue value
        ? value.TryGetValue<long>(out var wide) ? wide : value.TryGetValue<int>(out var narrow) ? narrow : null
        : null;

    /// <summary>The final reconcile ran, left nothing owed, and verify found staging clean after it.</summary>
    public bool ReconciledClean => Error is null && ReconcileOwed == 0 && Reconciled is { IsClean: true, Pending: 0 };
    public string? Error { get; set; }
    public double Seconds { get; set; }

    public int FaultsInjected => Faults.Values.Sum();

    /// <summary>
    /// Verified with nothing missing, stale, extra or different, and nothing pending: the run ends quiescent (life
    /// paused, the clock past the longest lag, a last increment), so a pending trade is one the sync still owes.
    /// </summary>
    public bool Clean => Error is null && Report is { IsClean: true, Pending: 0 } && ReconciledClean;

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", Seed);
            json.WriteString("preset", Preset.ToString().ToLowerInvariant());
            if (Breakage != ChaosBreakage.None) json.WriteString("breakage", Breakage.ToString());
            json.WriteString("database", Database);
            json.WriteNumber("faults_injected", FaultsInjected);
            json.WriteStartObject("faults");
            foreach (var (kind, count) in Faults) json.WriteNumber(kind.JsonName(), count);
            json.WriteEndObject();
            if (DatabaseRestartsSkipped is not null) json.WriteString("pg_restart_skipped", DatabaseRestartsSkipped);
            json.WriteNumber("increments", Increments);
            json.WriteNumber("sync_processes", Children);
            json.WriteStartObject("sync_endings");
            foreach (var (ending, count) in Endings.OrderBy(e => e.Key, StringComparer.Ordinal)) json.WriteNumber(ending, count);
            json.WriteEndObject();
            if (SimStats is not null)
            {
                json.WritePropertyName("sim");
                SimStats.WriteTo(json);
            }

            if (Report is { } report)
            {
                json.WriteNumber("trades_truth", report.TradesTruth);
                json.WriteNumber("trades_db", report.TradesDb);
                ChaosCounts.Of(report).WriteTo(json);
                // The first offenders in words, so a failed seed says which trades and how without a replay.
                if (report.Offenders.Count > 0)
                {
                    json.WriteStartArray("offenders");
                    foreach (var offender in report.Offenders.Take(OffendersShown)) json.WriteStringValue(offender.ToString());
                    json.WriteEndArray();
                }
            }

            if (Reconcile is not null)
            {
                json.WritePropertyName("reconcile");
                Reconcile.WriteTo(json);
            }

            if (Reconciled is { } after)
            {
                json.WriteStartObject("after_reconcile");
                ChaosCounts.Of(after).WriteTo(json);
                json.WriteEndObject();
                // What the reconcile left (a broken run's refunds, which it does not check), in words.
                if (after.Offenders.Count > 0)
                {
                    json.WriteStartArray("after_reconcile_offenders");
                    foreach (var offender in after.Offenders.Take(OffendersShown)) json.WriteStringValue(offender.ToString());
                    json.WriteEndArray();
                }
            }

            if (Error is not null) json.WriteString("error", Error.Length > 2000 ? Error[..2000] : Error);
            json.WriteBoolean("clean", Clean);
            json.WriteNumber("seconds", Math.Round(Seconds, 1));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
