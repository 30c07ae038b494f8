using System.Globalization;
using TaobaoEtl.Flow;

namespace TaobaoEtl.Bench.EndToEnd;

/// <summary>
/// The time share of each pipeline stage, read from the <c>stage busy s</c> line of a run's printed summary
/// (busy seconds summed over each stage's workers, see <see cref="StageBusyTime"/>): a stage's busy time ÷ the
/// sum over all stages.
/// </summary>
public static class StageShares
{
    public const string SummaryLabel = "stage busy s";

    /// <summary>Busy seconds by stage name, empty when the summary has no such line.</summary>
    public static IReadOnlyDictionary<string, double> BusySeconds(string summaryText)
    {
        ArgumentNullException.ThrowIfNull(summaryText);
        var line = summaryText.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(SummaryLabel, StringComparison.Ordinal));
        var busy = new Dictionary<string, double>(StringComparer.Ordinal);
        if (line is null) return busy;
        foreach (var pair in line[SummaryLabel.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                busy[parts[0]] = seconds;
        }

        return busy;
    }

    /// <summary>Each stage's share of the summed busy time; empty when nothing was busy.</summary>
    public static IReadOnlyDictionary<string, double> Of(IReadOnlyDictionary<string, double> busySeconds)
    {
        ArgumentNullException.ThrowIfNull(busySeconds);
        var total = busySeconds.Values.Sum();
        return total <= 0
            ? new Dictionary<string, double>()
            : busySeconds.ToDictionary(p => p.Key, p => p.Value / total, StringComparer.Ordinal);
    }
}
