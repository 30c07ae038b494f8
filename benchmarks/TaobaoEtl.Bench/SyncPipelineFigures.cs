using TaobaoEtl.Bench.Report;

namespace TaobaoEtl.Bench;

/// <summary>
/// The figures only an end-to-end sync can give (backfill of the <c>large</c> preset, calls per trade, detail
/// calls on unchanged trades, memory flatness), reported as not measured until the sync pipeline exists. The
/// end-to-end stage replaces this one in <see cref="BenchRun.Stages"/>.
/// </summary>
public sealed class SyncPipelineFigures : IBenchStage
{
    public const string Reason = "needs the sync pipeline";

    public static readonly IReadOnlyList<string> Keys =
    [
        BenchKeys.EndToEndTradesPerSecond, BenchKeys.CallsPerTradeBackfill, BenchKeys.CallsPerTradeBackfillMinimum,
        BenchKeys.DetailCallsOnUnchanged, BenchKeys.RssRatioLargeVsSmall,
    ];

    public string Title => "end to end";

    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BenchFigure>>([.. Keys.Select(key => BenchFigure.Pending(key, Reason))]);
}
