using System.Threading.Tasks.Dataflow;
using TaobaoEtl.Flow;

namespace TaobaoEtl.Tests.Flow;

/// <summary>
/// A stage that was completed (its producer finished) while its consumer had failed still holds output nobody takes;
/// Dataflow then ignores the cancellation that should end it (dotnet/runtime#27357), and the run waits for it forever.
/// That is the hang the sink-fault test met about once in ten runs: the intake finished listing a small world just
/// before the first sink batch failed.
/// </summary>
public sealed class BlockLinkTests
{
    // Far beyond the milliseconds a cancelled block takes to end: reaching it means the block never ends.
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    // Not synchronisation: the bug needs Dataflow's own completion check (queued to the thread pool by Complete) to run
    // before the cancellation, and this gap lets it. With the drain the block ends whatever the order, so the gap can
    // only make the test able to fail on code without it, never make it fail on code with it.
    private static readonly TimeSpan CompletionCheckRuns = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_completed_batch_stage_whose_sink_failed_ends_when_the_run_is_cancelled()
    {
        using var run = new CancellationTokenSource();
        var batch = new BatchBlock<int>(2, new GroupingDataflowBlockOptions { BoundedCapacity = 8, CancellationToken = run.Token });
        var sink = new ActionBlock<int[]>(_ => throw new InvalidOperationException("disk full (test)"),
            new ExecutionDataflowBlockOptions { BoundedCapacity = 1, CancellationToken = run.Token });
        BlockLink.Link(batch, sink);
        using var drain = BlockLink.DrainWhenCancelled(batch, run.Token);

        for (var i = 0; i < 6; i++) Assert.True(await batch.SendAsync(i));
        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.Completion);
        batch.Complete();
        Assert.True(batch.OutputCount > 0, "the batch stage must hold output its failed sink will never take");
        await Task.Delay(CompletionCheckRuns);
        await run.CancelAsync();

        var ended = await Task.WhenAny(batch.Completion, Task.Delay(NoHang));
        Assert.Same(batch.Completion, ended);
        Assert.True(batch.Completion.IsCanceled || batch.Completion.IsFaulted);
    }

    [Fact]
    public async Task A_completed_transform_stage_whose_consumer_failed_ends_when_the_run_is_cancelled()
    {
        using var run = new CancellationTokenSource();
        var transform = new TransformBlock<int, int>(i => i,
            new ExecutionDataflowBlockOptions { BoundedCapacity = 8, CancellationToken = run.Token });
        var consumer = new ActionBlock<int>(_ => throw new InvalidOperationException("consumer failed (test)"),
            new ExecutionDataflowBlockOptions { BoundedCapacity = 1, CancellationToken = run.Token });
        BlockLink.Link(transform, consumer);
        using var drain = BlockLink.DrainWhenCancelled(transform, run.Token);

        for (var i = 0; i < 6; i++) Assert.True(await transform.SendAsync(i));
        await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.Completion);
        transform.Complete();
        await Task.Delay(CompletionCheckRuns);
        await run.CancelAsync();

        var ended = await Task.WhenAny(transform.Completion, Task.Delay(NoHang));
        Assert.Same(transform.Completion, ended);
    }

    [Fact]
    public async Task Draining_takes_nothing_while_the_run_goes_on()
    {
        using var run = new CancellationTokenSource();
        var batch = new BatchBlock<int>(2, new GroupingDataflowBlockOptions { BoundedCapacity = 8, CancellationToken = run.Token });
        using var drain = BlockLink.DrainWhenCancelled(batch, run.Token);

        for (var i = 0; i < 4; i++) Assert.True(await batch.SendAsync(i));
        batch.Complete();

        var first = await batch.ReceiveAsync();
        var second = await batch.ReceiveAsync();
        Assert.Equal(new[] { 0, 1 }, first);
        Assert.Equal(new[] { 2, 3 }, second);
        await batch.Completion;
    }
}
