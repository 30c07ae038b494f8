using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Reconcile;

/// <summary>Log events of reconcile and resync (ids 8101–8199).</summary>
internal static partial class ReconcileLog
{
    [LoggerMessage(8101, LogLevel.Information, "Shop {ShopId}: {Command} checks {Slices} slices ({Days} days at {Depth}, {Recent} by modified); {Resumed} days settled by a killed run are skipped")]
    public static partial void Planned(ILogger logger, string shopId, string command, int slices, int days, string depth, int recent, int resumed);

    [LoggerMessage(8102, LogLevel.Debug, "{Slice}: {Verdict} (platform {PlatformCount}, staging {StagedCount}, {Calls} list calls)")]
    public static partial void Checked(ILogger logger, string slice, string verdict, long? platformCount, long stagedCount, int calls);

    [LoggerMessage(8103, LogLevel.Warning, "{Slice}: {Missing} missing, {Stale} stale, {Damaged} damaged, {Unknown} unknown to the platform; {Repaired} repaired, {Owed} still owed")]
    public static partial void Differed(ILogger logger, string slice, int missing, int stale, int damaged, int unknown, int repaired, int owed);

    [LoggerMessage(8104, LogLevel.Warning, "{Slice}: the platform's listing could not be proven complete; nothing about the slice is proven (the next reconcile checks it again)")]
    public static partial void Unlisted(ILogger logger, string slice);

    [LoggerMessage(8105, LogLevel.Information, "Shop {ShopId}: repairing {Trades} trades through the detail path ({Damaged} damaged copies demoted first)")]
    public static partial void Repairing(ILogger logger, string shopId, int trades, int damaged);

    [LoggerMessage(8106, LogLevel.Information, "{Slice}: the day's count {PlatformCount} differs from staging's {StagedCount}: diffed in full")]
    public static partial void CountDiffered(ILogger logger, string slice, long? platformCount, long stagedCount);

    [LoggerMessage(8107, LogLevel.Warning, "Shop {ShopId}: {Runs} increments in a row failed more than {Threshold:P0} of their calls (last {Ratio:P1}): degraded mode, its increments stop and a full reconcile of the recent hours runs hourly until the ratio recovers")]
    public static partial void Degraded(ILogger logger, string shopId, int runs, double ratio, double threshold);

    [LoggerMessage(8108, LogLevel.Information, "Shop {ShopId}: its degraded-mode check failed {Ratio:P1} of its calls: back to normal mode, its increments resume from the watermark")]
    public static partial void Recovered(ILogger logger, string shopId, double ratio);
}
