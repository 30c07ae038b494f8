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

    /// <summary>
    /// Once <paramref name="token"/> is cancelled, a null target takes whatever <paramref name="source"/> still holds.
    /// A source that was completed before it was cancelled, with output its consumer never takes (the consumer faulted or
    /// was cancelled first), ignores the cancellation and never ends (dotnet/runtime#27357); the run would wait for it forever.
    /// </summary>
    public static CancellationTokenRegistration DrainWhenCancelled<T>(ISourceBlock<T> source, CancellationToken token) =>
        token.Register(static state => ((ISourceBlock<T>)state!).LinkTo(DataflowBlock.NullTarget<T>()), source);
}
