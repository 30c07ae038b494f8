using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TaobaoEtl.Bench.Report;

/// <summary>
/// The figures of one bench run, every required key present (null when not measured), and the machine that ran
/// them: on a shared two-core machine absolute rates are noise, the ratios are what compare.
/// </summary>
public sealed class BenchReport
{
    public BenchReport(BenchSettings settings, IReadOnlyList<BenchFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(figures);
        var duplicate = figures.GroupBy(f => f.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"two stages report '{duplicate.Key}'", nameof(figures));
        var missing = BenchKeys.Required.Where(k => figures.All(f => f.Key != k)).ToArray();
        if (missing.Length > 0) throw new ArgumentException("no stage reports " + string.Join(", ", missing), nameof(figures));
        Settings = settings;
        // Required keys first, in the order; a stage's extra figures after them.
        Figures = [.. figures.OrderBy(f => Order(f.Key))];
    }

    public BenchSettings Settings { get; }

    private static int Order(string key)
    {
        for (var i = 0; i < BenchKeys.Required.Count; i++)
        {
            if (BenchKeys.Required[i] == key) return i;
        }

        return int.MaxValue;
    }
    public IReadOnlyList<BenchFigure> Figures { get; }

    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";

    /// <summary>One line of JSON: every figure by key, then the run's settings and the machine.</summary>
    public string ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            foreach (var figure in Figures)
            {
                if (figure.Value is { } value) w.WriteNumber(figure.Key, Math.Round(value, 4));
                else w.WriteNull(figure.Key);
            }

            w.WriteStartObject("run");
            w.WriteBoolean("quick", Settings.IsQuick);
            w.WriteNumber("trades", Settings.Trades);
            w.WriteNumber("batch_size", Settings.BatchSize);
            w.WriteNumber("parallel_sinks", Settings.ParallelSinks);
            w.WriteNumber("quota", Settings.Quota);
            w.WriteNumber("quota_window_s", Settings.QuotaWindow.TotalSeconds);
            w.WriteEndObject();
            w.WriteStartObject("machine");
            w.WriteNumber("cores", Environment.ProcessorCount);
            w.WriteString("os", RuntimeInformation.OSDescription);
            w.WriteString("runtime", RuntimeInformation.FrameworkDescription);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
