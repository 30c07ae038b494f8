using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Top;

/// <summary>The client's log lines. Parameters are API parameters only; session and secret never reach these.</summary>
internal static partial class TopLog
{
    // Codes 40/41 carry no sub_code and no sub_msg: their msg ("Invalid arguments:start_created") is all they say.
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "{Method} rejected as a caller error (not retried): code {Code}, msg {Msg}, sub_code {SubCode}, sub_msg {SubMsg}, request_id {RequestId}, parameters {Parameters}")]
    public static partial void CallerError(this ILogger logger, string method, int code, string? msg, string? subCode, string? subMsg, string? requestId, string parameters);

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

    // 4010–4019: the kinds issue 15 added. Keys are named, never their values.
    [LoggerMessage(EventId = 4010, Level = LogLevel.Error,
        Message = "{Method}: the platform refused the app's credentials (code {Code}, msg {Msg}, sub_code {SubCode}, request_id {RequestId}): check Top:AppKey and Top:AppSecret (\"Invalid signature\" is a wrong Top:AppSecret or Top:SignMethod); the run stops")]
    public static partial void BadCredentials(this ILogger logger, string method, int code, string? msg, string? subCode, string? requestId);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning,
        Message = "{Method}: error code {Code} (msg {Msg}, sub_code {SubCode}, sub_msg {SubMsg}) is not in the platform's list; retried like a transient failure, never taken for a caller error. request_id {RequestId}")]
    public static partial void Unrecognized(this ILogger logger, string method, int code, string? msg, string? subCode, string? subMsg, string? requestId);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning,
        Message = "{Method}: the answer is no valid answer to the request ({Reason}), asked tid {AskedTid}, http {HttpStatus}, {BodyLength} bytes; retried, then kept whole for quarantine. request_id {RequestId}")]
    public static partial void MalformedAnswer(this ILogger logger, string method, string reason, long? askedTid, int httpStatus, int bodyLength, string? requestId);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Error,
        Message = "{Method}: the gateway refused the HTTP request with HTTP {HttpStatus} (no platform answer, nothing about any trade): check Top:GatewayUrl ({Gateway}) and any proxy in front of it; the run stops")]
    public static partial void GatewayRefused(this ILogger logger, string method, int httpStatus, string gateway);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning,
        Message = "{Method}: the trade service is overloaded (code {Code}, sub_code {SubCode}, sub_msg {SubMsg}): a throttle, not a caller error; the seller's listing pauses. request_id {RequestId}, parameters {Parameters}")]
    public static partial void Overloaded(this ILogger logger, string method, int code, string? subCode, string? subMsg, string? requestId, string parameters);
}
