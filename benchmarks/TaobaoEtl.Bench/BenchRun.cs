using Microsoft.Extensions.Logging;
using TaobaoEtl.Bench.EndToEnd;
using TaobaoEtl.Bench.Memory;
using TaobaoEtl.Bench.Quota;
using TaobaoEtl.Bench.Report;
using TaobaoEtl.Bench.SinkRatio;

namespace TaobaoEtl.Bench;

/// <summary>
/// Runs the stages one after another (two cores: a stage running beside another would measure the other) and gathers
/// one report. A run of some stages only (<see cref="Only"/>) reports every required figure the others would have
/// measured as pending, so its JSON line keeps the standard shape; the full run still refuses a missing figure.
/// </summary>
public sealed class BenchRun(IReadOnlyList<IBenchStage> stages, bool partial = false)
{
    /// <summary>Every stage of <c>taobao-etl bench</c>, in order; memory last so its peak covers the others.</summary>
    public static IReadOnlyList<IBenchStage> Stages =>
    [
        new SinkRatioStage(),
        new QuotaUseStage(),
        new EndToEndStage(),
        new ProcessMemoryStage(),
    ];

    public static BenchRun Standard() => new(Stages);

    /// <summary>The named stages of <paramref name="all"/> only, in their standard order (<c>--only e2e</c>: one figure, not four minutes).</summary>
    public static BenchRun Only(IReadOnlyCollection<string> names, IReadOnlyList<IBenchStage>? all = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        all ??= Stages;
        var unknown = names.Where(n => all.All(s => s.Name != n)).ToArray();
        if (names.Count == 0) throw new ArgumentException($"name at least one stage of {StageNames(all)}");
        if (unknown.Length > 0) throw new ArgumentException($"no stage named '{string.Join("', '", unknown)}'; the stages are {StageNames(all)}");
        return new BenchRun([.. all.Where(s => names.Contains(s.Name))], partial: true);
    }

    public static string StageNames(IReadOnlyList<IBenchStage>? all = null) => string.Join(", ", (all ?? Stages).Select(s => s.Name));

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.LoggerFactory.CreateLogger<BenchRun>();
        var figures = new List<BenchFigure>();
        foreach (var stage in stages)
        {
            BenchLog.StageStarted(logger, stage.Title);
            var started = context.TimeProvider.GetTimestamp();
            figures.AddRange(await stage.RunAsync(context, cancellationToken));
            BenchLog.StageFinished(logger, stage.Title, context.TimeProvider.GetElapsedTime(started).TotalSeconds);
        }

        if (partial)
        {
            var ran = string.Join(",", stages.Select(s => s.Name));
            figures.AddRange(BenchKeys.Required.Where(k => figures.All(f => f.Key != k)).Select(k => BenchFigure.Pending(k, $"not run (--only {ran})")));
        }

        return new BenchReport(context.Settings, figures);
    }
}
