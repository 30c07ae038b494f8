using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Harness.Chaos;

internal static partial class ChaosLog
{
    [LoggerMessage(EventId = 9501, Level = LogLevel.Information, Message = "Chaos run {Seed} started: database {Database}, TopSim {Preset}/hostile at {SimNow}, database restarts {DatabaseRestarts}")]
    public static partial void RunStarted(ILogger logger, long seed, string database, string preset, string simNow, string databaseRestarts);

    [LoggerMessage(EventId = 9502, Level = LogLevel.Information, Message = "Chaos run {Seed}: injected {Fault} during {Command}")]
    public static partial void FaultInjected(ILogger logger, long seed, string fault, string command);

    [LoggerMessage(EventId = 9503, Level = LogLevel.Information, Message = "Chaos run {Seed}: {Command} ended {Ending} after {Commits} commits; restarting")]
    public static partial void ChildRestarted(ILogger logger, long seed, string command, string ending, int commits);

    [LoggerMessage(EventId = 9504, Level = LogLevel.Information, Message = "Chaos run {Seed} verified: {Report}")]
    public static partial void Verified(ILogger logger, long seed, string report);

    [LoggerMessage(EventId = 9505, Level = LogLevel.Error, Message = "Chaos run {Seed} could not finish: {Reason}")]
    public static partial void RunFailed(ILogger logger, long seed, string reason);
}
