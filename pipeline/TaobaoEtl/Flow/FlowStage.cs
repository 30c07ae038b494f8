namespace TaobaoEtl.Flow;

/// <summary>The stages of <see cref="SyncPipeline"/> whose busy time a run accumulates (the batch block only groups, it does no work).</summary>
public enum FlowStage
{
    List,
    Filter,
    Fetch,
    Normalize,
    Sink,
}
