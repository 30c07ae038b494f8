using TaobaoEtl.Bench.Report;

namespace TaobaoEtl.Bench;

/// <summary>
/// One part of <c>taobao-etl bench</c> that measures some figures in the shared run. A new measurement (the
/// end-to-end backfill once the sync pipeline lands) is one more implementation handed to the <see cref="BenchRun"/>.
/// </summary>
public interface IBenchStage
{
    /// <summary>What the stage measures, for progress lines.</summary>
    string Title { get; }

    /// <summary>The stage's one-word name, as <c>taobao-etl bench --only</c> takes it.</summary>
    string Name { get; }

    Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
