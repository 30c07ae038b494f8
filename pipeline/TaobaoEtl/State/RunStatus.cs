namespace TaobaoEtl.State;

/// <summary>How a run ended, as <c>etl.run.status</c> records it.</summary>
public enum RunStatus
{
    Succeeded,

    Failed,

    /// <summary>Stopped cleanly with resumable state (a ban, the daily quota, a cancellation).</summary>
    Stopped,
}
