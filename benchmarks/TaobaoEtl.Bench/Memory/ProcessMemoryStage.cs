using TaobaoEtl.Bench.Report;

namespace TaobaoEtl.Bench.Memory;

/// <summary>
/// The bench process's own peak RSS, read last so it covers every stage before it (the in-process TopSims, the
/// recorded sample, the corpus chunks, the sinks). The sync process's peak comes from the end-to-end stage,
/// through <see cref="PeakRssProbe"/> on its child process.
/// </summary>
public sealed class ProcessMemoryStage : IBenchStage
{
    public const string BenchProcessPeakRssMegabytes = "bench_process_peak_rss_mb";

    public string Title => "memory";

    public string Name => "memory";

    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BenchFigure>>(
        [
            BenchFigure.Measured(BenchProcessPeakRssMegabytes, PeakRss.OfThisProcess() / 1048576.0, "MB",
                "this bench process (VmHWM), its TopSims included; peak_rss_mb is the sync process's"),
        ]);
}
