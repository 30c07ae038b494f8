using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Flow;

/// <summary>The pipeline's log events, with stable ids and named properties.</summary>
internal static partial class FlowLog
{
    [LoggerMessage(1001, LogLevel.Information, "{Command}: {Windows} windows of {Stream} planned for shop {ShopId}")]
    public static partial void Planned(ILogger logger, string command, int windows, string stream, string shopId);

    [LoggerMessage(1002, LogLevel.Debug, "{Window} listed: {Pages} pages, {Tids} tids, outcome {Outcome}")]
    public static partial void Listed(ILogger logger, string window, int pages, int tids, string outcome);

    [LoggerMessage(1003, LogLevel.Information, "{Window} kept moving while paged; listing its halves")]
    public static partial void Halved(ILogger logger, string window);

    [LoggerMessage(1004, LogLevel.Warning, "{Window} could not be listed ({SubCode}, request_id {RequestId}): recorded as a dead letter; the watermark waits for it")]
    public static partial void WindowDeadLetter(ILogger logger, string window, string? subCode, string? requestId);

    [LoggerMessage(1007, LogLevel.Debug, "{Window} done")]
    public static partial void WindowDone(ILogger logger, string window);

    [LoggerMessage(1008, LogLevel.Debug, "Batch committed: {Trades} trades, {Refunds} refunds, {Checkpoints} checkpoints")]
    public static partial void BatchCommitted(ILogger logger, int trades, int refunds, int checkpoints);

    [LoggerMessage(1009, LogLevel.Error, "The run stops: {Reason}")]
    public static partial void Stopping(ILogger logger, string reason);

    [LoggerMessage(1010, LogLevel.Warning, "Shop {ShopId}: another run holds its {Stream} lock; skipped")]
    public static partial void Locked(ILogger logger, string shopId, string stream);

    [LoggerMessage(1011, LogLevel.Information, "Increment for shop {ShopId}, {Stream}: [{Start}, {End}), look-back {LookBack}, peak {Peak}")]
    public static partial void IncrementPlanned(ILogger logger, string shopId, string stream, string start, string end, string lookBack, bool peak);

    [LoggerMessage(1012, LogLevel.Warning, "Run {RunId} could not be closed in etl.run")]
    public static partial void RunNotClosed(ILogger logger, Exception exception, long runId);
}
