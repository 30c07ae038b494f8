namespace TaobaoEtl.Harness.Chaos;

/// <summary>The faults a chaos run injects; the JSON names are <see cref="FaultKinds.JsonName"/>.</summary>
public enum FaultKind
{
    /// <summary>SIGKILL of the sync child at a seeded commit, then a restart.</summary>
    SyncKill,
    /// <summary><c>pg_ctl restart -m immediate</c> while the sync child runs.</summary>
    DatabaseRestart,
    /// <summary><c>POST /sim/ban</c>: every call is refused with code 7 for a few seconds.</summary>
    Ban,
    /// <summary>A step with a high <c>isp.*</c> error rate.</summary>
    IspStorm,
    /// <summary>A step in which many answers are cut off mid-body.</summary>
    DroppedConnections,
    /// <summary>A step in which many answers come late.</summary>
    SlowResponses,
    /// <summary>A step in which nearly every change reaches the list index at the peak lag.</summary>
    PeakIndexLag,
    /// <summary>A step in which many list calls are refused with code 520 <c>isv.trade-service-rejection</c> (the overload throttle).</summary>
    OverloadStorm,
    /// <summary>A step in which the world changes between the page reads of a window: late-indexed changes surface mid-window, seen trades leave or move.</summary>
    PagingChurn,
    /// <summary>A step in which many answers are lost after the platform did the work (<c>isp.*</c> and 5xx after the handler ran).</summary>
    LostAnswers,
    /// <summary>
    /// A step after hours without a run, read in slices of several pages, while paging churn (pairs of an insertion
    /// and a departure, so counts hold still) and index lag hit every page call: what settling on counts loses.
    /// </summary>
    BusySliceChurn,
    /// <summary>
    /// A step with TopSim's clock running and every answer held between the read and its <c>Date</c>, while detail reads
    /// land between two changes of one second: what taking <c>Date</c> for the read instant loses.
    /// </summary>
    ReadRace,
}
