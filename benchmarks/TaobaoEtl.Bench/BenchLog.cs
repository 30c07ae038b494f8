using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Bench;

internal static partial class BenchLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Bench stage {Stage} started")]
    public static partial void StageStarted(ILogger logger, string stage);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Bench stage {Stage} finished in {Seconds:0.0} s")]
    public static partial void StageFinished(ILogger logger, string stage, double seconds);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information,
        Message = "Recorded {Trades} distinct trades from TopSim ({Shops} shops) in {Seconds:0.0} s")]
    public static partial void SampleRecorded(ILogger logger, int trades, int shops, double seconds);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information,
        Message = "Sink wrote {Written} of {Trades} trades ({BatchSize} per batch, {ParallelSinks} sinks), {Seconds:0.0} s of writing so far")]
    public static partial void SinkProgress(ILogger logger, long written, long trades, int batchSize, int parallelSinks, double seconds);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information,
        Message = "psql {Psql} copied {Trades} trades' rows ({Rows} rows, {Megabytes:0} MB of CSV) into {Target} in {Seconds:0.00} s")]
    public static partial void PsqlCopied(ILogger logger, string psql, long trades, long rows, double megabytes, string target, double seconds);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information,
        Message = "Quota phase: {Calls} calls in {Seconds:0.00} s at Q = {Quota}/s with {Callers} callers; bans seen by TopSim {Bans}, refused {Refused}")]
    public static partial void QuotaMeasured(ILogger logger, long calls, double seconds, int quota, int callers, long bans, long refused);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "CHECKPOINT before a timed phase was refused ({SqlState}); timing without it")]
    public static partial void CheckpointRefused(ILogger logger, string sqlState);
}
