using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Top;

/// <summary>The client's log lines. Parameters are API parameters only; session and secret never reach these.</summary>
internal static partial class TopLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "{Method} rejected as a caller error (not retried): code {Code}, sub_code {SubCode}, sub_msg {SubMsg}, request_id {RequestId}, parameters {Parameters}")]
    public static partial void CallerError(this ILogger logger, string method, int code, string? subCode, string? subMsg, string? requestId, string parameters);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug,
        Message = "{Method} failed transiently: {Reason}, request_id {RequestId}")]
    public static partial void TransientFailure(this ILogger logger, string method, string reason, string? requestId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "{Method}: retry {Attempt} in {Delay} after a transient failure")]
    public static partial void RetryScheduled(this ILogger logger, string method, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "{Method}: app key call-limited ({Scope}, sub_code {SubCode}) for {BanSeconds}s; every call waits until the ban ends. request_id {RequestId}")]
    public static partial void BanStarted(this ILogger logger, string method, TopBanScope scope, string? subCode, long banSeconds, string? requestId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error,
        Message = "{Method}: ban of {BanSeconds}s ({Scope}) is longer than the run waits; stopping, the next run resumes. request_id {RequestId}")]
    public static partial void QuotaExhausted(this ILogger logger, string method, long banSeconds, TopBanScope scope, string? requestId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error,
        Message = "{Method}: the seller's session is invalid (code {Code}, sub_code {SubCode}, sub_msg {SubMsg}): re-authorize the shop. request_id {RequestId}")]
    public static partial void SessionInvalid(this ILogger logger, string method, int code, string? subCode, string? subMsg, string? requestId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error,
        Message = "{Method}: insufficient permission (code {Code}, sub_code {SubCode}, sub_msg {SubMsg}), request_id {RequestId}, parameters {Parameters}")]
    public static partial void PermissionDenied(this ILogger logger, string method, int code, string? subCode, string? subMsg, string? requestId, string parameters);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning,
        Message = "Circuit breaker opened: more than {FailureRatio:P1} of calls to the gateway failed; calls are held for {BreakDuration}")]
    public static partial void BreakerOpened(this ILogger logger, double failureRatio, TimeSpan breakDuration);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Circuit breaker closed: the gateway answers again")]
    public static partial void BreakerClosed(this ILogger logger);
}
