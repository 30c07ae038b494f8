using System.Threading.Tasks.Dataflow;

namespace TaobaoEtl.Flow;

/// <summary>The only ways blocks are joined: completion and faults always flow downstream (Dataflow's default does not).</summary>
internal static class BlockLink
{
    public static IDisposable Link<T>(ISourceBlock<T> source, ITargetBlock<T> target) =>
        source.LinkTo(target, new DataflowLinkOptions { PropagateCompletion = true });

    /// <summary>For a stage that sends to <paramref name="target"/> itself (awaiting SendAsync for backpressure).</summary>
    public static void Forward(IDataflowBlock source, IDataflowBlock target) =>
        source.Completion.ContinueWith(completion =>
        {
            if (completion.IsFaulted) target.Fault(completion.Exception!);
            else target.Complete();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
