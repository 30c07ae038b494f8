namespace TaobaoEtl.Flow;

/// <summary>The fault <c>Sync:Testing:FailStage</c> makes a stage throw (test-only).</summary>
public sealed class InjectedStageFault(FlowStage stage) : Exception($"the {stage} stage was made to fail (Sync:Testing:FailStage)")
{
    public FlowStage Stage { get; } = stage;
}
