using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Flow;

/// <summary>The pager's log events (ids 1201–1219).</summary>
internal static partial class PagerLog
{
    [LoggerMessage(1201, LogLevel.Warning, "{Window}: the platform's answer was refused ({Fault}); asking again")]
    public static partial void AnswerRefused(ILogger logger, string window, string fault);

    [LoggerMessage(1202, LogLevel.Error, "{Window} is owed: {Reason}. The window is not done; the watermark waits for it and the next run lists it again")]
    public static partial void WindowOwed(ILogger logger, string window, string reason);

    [LoggerMessage(1203, LogLevel.Warning, "Shop {ShopId}: the trade service is overloaded ({SubCode}) on {Window}; its listing pauses {Pause}, window shortened: {Shortened} (overload {Overloads} of at most {MaxOverloads})")]
    public static partial void Overloaded(ILogger logger, string shopId, string? subCode, string window, TimeSpan pause, bool shortened, int overloads, int maxOverloads);

    [LoggerMessage(1204, LogLevel.Warning, "{Window}: a list call failed after the client's retries ({Kind}: {Reason}); backing off {Pause}, window shortened: {Shortened} (failure {Failures} of at most {MaxFailures})")]
    public static partial void ListFailed(ILogger logger, string window, string kind, string reason, TimeSpan pause, bool shortened, int failures, int maxFailures);
}
