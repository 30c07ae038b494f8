namespace TaobaoEtl.Cli.Chaos;

/// <summary>The faults a chaos run injects; the JSON names are <see cref="FaultKinds.JsonName"/>.</summary>
internal enum FaultKind
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
}
