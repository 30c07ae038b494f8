namespace TaobaoEtl.Harness.Chaos;

/// <summary>The fault kinds as the harness draws and names them.</summary>
public static class FaultKinds
{
    public static IReadOnlyList<FaultKind> All { get; } = Enum.GetValues<FaultKind>();

    /// <summary>Faults that stay on for a whole step (set before the child starts, reset after it ends).</summary>
    public static IReadOnlyList<FaultKind> Storms { get; } = [
        FaultKind.IspStorm, FaultKind.DroppedConnections, FaultKind.SlowResponses, FaultKind.PeakIndexLag,
        FaultKind.OverloadStorm, FaultKind.PagingChurn, FaultKind.LostAnswers, FaultKind.BusySliceChurn, FaultKind.ReadRace,
    ];

    public static string JsonName(this FaultKind kind) => kind switch
    {
        FaultKind.SyncKill => "sigkill",
        FaultKind.DatabaseRestart => "pg_restart",
        FaultKind.Ban => "ban",
        FaultKind.IspStorm => "isp_storm",
        FaultKind.DroppedConnections => "dropped_connections",
        FaultKind.SlowResponses => "slow_responses",
        FaultKind.PeakIndexLag => "peak_index_lag",
        FaultKind.OverloadStorm => "overload_520",
        FaultKind.PagingChurn => "paging_churn",
        FaultKind.LostAnswers => "lost_answers",
        FaultKind.BusySliceChurn => "busy_slice_churn",
        FaultKind.ReadRace => "read_race",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
