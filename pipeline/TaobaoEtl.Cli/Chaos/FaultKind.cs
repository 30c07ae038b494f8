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

internal static class FaultKinds
{
    public static IReadOnlyList<FaultKind> All { get; } = Enum.GetValues<FaultKind>();

    /// <summary>Faults that stay on for a whole step (set before the child starts, reset after it ends).</summary>
    public static IReadOnlyList<FaultKind> Storms { get; } = [FaultKind.IspStorm, FaultKind.DroppedConnections, FaultKind.SlowResponses, FaultKind.PeakIndexLag];

    public static string JsonName(this FaultKind kind) => kind switch
    {
        FaultKind.SyncKill => "sigkill",
        FaultKind.DatabaseRestart => "pg_restart",
        FaultKind.Ban => "ban",
        FaultKind.IspStorm => "isp_storm",
        FaultKind.DroppedConnections => "dropped_connections",
        FaultKind.SlowResponses => "slow_responses",
        FaultKind.PeakIndexLag => "peak_index_lag",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
