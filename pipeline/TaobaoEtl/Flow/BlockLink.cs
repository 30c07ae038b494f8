using System.Threading.Tasks.Dataflow;

namespace TaobaoEtl.Flow;

/// <summary>The only ways blocks are joined: completion and faults always flow downstream (Dataflow's default does not).</summary>
internal static class BlockLink
{
    public static IDisposable Link<T>(ISourceBlock<T> source, ITargetBlock<T> target) =>
        source.LinkTo(target, new DataflowLinkOptions { PropagateCompletion = true });

    /// <summary>
    /// For an intake stage that sends to <paramref name="target"/> itself (awaiting SendAsync for backpressure):
    /// however the source ends, the target completes and drains what it holds. The source's fault is not lost:
    /// the pipeline records it and stops the intake.
    /// </summary>
    public static void Forward(IDataflowBlock source, IDataflowBlock target) =>
        source.Completion.ContinueWith(_ => target.Complete(),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
