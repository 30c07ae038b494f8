namespace TaobaoEtl.Flow;

/// <summary>
/// Time one stage's workers were occupied in a run, summed over its parallel workers: a stage with four busy
/// workers for one second has four seconds. It includes the waits inside a stage's delegate (the rate gate, the
/// network, the database, a full next stage), which is where a stage's time goes; the shares of the stages show
/// where the run spent its work.
/// </summary>
public readonly record struct StageBusyTime(FlowStage Stage, TimeSpan Busy)
{
    public string Name => Stage.ToString().ToLowerInvariant();
}
