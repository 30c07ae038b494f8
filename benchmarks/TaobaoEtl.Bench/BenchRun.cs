using Microsoft.Extensions.Logging;
using TaobaoEtl.Bench.EndToEnd;
using TaobaoEtl.Bench.Memory;
using TaobaoEtl.Bench.Quota;
using TaobaoEtl.Bench.Report;
using TaobaoEtl.Bench.SinkRatio;

namespace TaobaoEtl.Bench;

/// <summary>Runs the stages one after another (two cores: a stage running beside another would measure the other) and gathers one report.</summary>
public sealed class BenchRun(IReadOnlyList<IBenchStage> stages)
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

        return new BenchReport(context.Settings, figures);
    }
}
