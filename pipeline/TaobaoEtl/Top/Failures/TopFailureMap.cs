using System.Text;
using Microsoft.Extensions.Logging;
using TaobaoEtl.Top.Wire;

namespace TaobaoEtl.Top.Failures;

/// <summary>
/// What a failed attempt means: an HTTP status, a broken connection, a body that is no answer or an error envelope
/// becomes a classified <see cref="TopException"/> (by <see cref="TopErrorClassifier"/>), counted once and logged once,
/// with the app secret and the session redacted from every text the platform sent back.
/// </summary>
internal sealed class TopFailureMap(TopCallCounters counters, ILogger logger, string appSecret, string gatewayForLogs)
{
    // A refused body is kept whole for quarantine up to this many bytes; a hostile gateway could send gigabytes.
    private const int MaxRawBodyBytes = 1 << 20;
    private static readonly TimeSpan UnspecifiedBan = TimeSpan.FromSeconds(1);

    /// <summary>The caller cancelled while the call was in flight: counted, never taken for the platform's failure.</summary>
    public void Cancelled(TopRequest request) => counters.RecordCall(request.Method, TopCallOutcome.Cancelled);

    public TopException HttpStatus(TopRequest request, int status)
    {
        // 5xx, 408 and 429 are the gateway or a proxy in front of it failing. Any other status (404, 403, a redirect)
        // refuses the HTTP request itself: no envelope, nothing about the trade, so never a dead letter of one tid;
        // the URL or a proxy is wrong, and the run stops on it (exit 78: retrying later cannot fix a setting).
        var kind = status is >= 500 or 408 or 429 ? TopErrorKind.Transient : TopErrorKind.GatewayRefused;
        counters.RecordCall(request.Method, TopCallOutcomes.From(kind));
        var reason = $"HTTP {status}";
        if (kind == TopErrorKind.Transient) logger.TransientFailure(request.Method, reason, null);
        else logger.GatewayRefused(request.Method, status, gatewayForLogs);
        return new TopException(kind, request.Method, null, null, reason, null, null, httpStatus: status);
    }

    public TopException Transport(TopRequest request, string reason, Exception? inner)
    {
        counters.RecordCall(request.Method, TopCallOutcome.Transient);
        logger.TransientFailure(request.Method, reason, null);
        return new TopException(TopErrorKind.Transient, request.Method, null, null, reason, null, null, innerException: inner);
    }

    public TopMalformedAnswerException Malformed(TopRequest request, string reason, PooledAnswerBody body, int status, string? requestId)
    {
        counters.RecordCall(request.Method, TopCallOutcome.MalformedAnswer);
        var safeReason = Redact(reason, request)!;
        logger.MalformedAnswer(request.Method, safeReason, request.AskedTid, status, body.Length, requestId);
        return new TopMalformedAnswerException(request.Method, safeReason, RawText(body.Span, request), requestId, request.AskedTid,
            status == 200 ? null : status);
    }

    /// <summary>
    /// An error envelope. A code 7 comes back with its ban length and is not logged here: whoever holds the gate
    /// decides whether the ban is waited out or stops the run, and says which.
    /// </summary>
    public TopException Platform(TopRequest request, TopErrorBody error)
    {
        var kind = TopErrorClassifier.Classify(error.Code, error.SubCode);
        var msg = Redact(error.Msg, request);
        var subCode = Redact(error.SubCode, request);
        var subMsg = Redact(error.SubMsg, request);
        var requestId = error.RequestId;
        counters.RecordCall(request.Method, TopCallOutcomes.From(kind));

        switch (kind)
        {
            case TopErrorKind.CallLimited:
                return new TopException(kind, request.Method, error.Code, subCode, msg, subMsg, requestId,
                    banLength: TopErrorClassifier.BanLength(subMsg) ?? UnspecifiedBan);
            case TopErrorKind.CallerError:
                logger.CallerError(request.Method, error.Code, msg, subCode, subMsg, requestId, Redact(request.Describe(), request)!);
                break;
            case TopErrorKind.BadCredentials:
                logger.BadCredentials(request.Method, error.Code, msg, subCode, requestId);
                break;
            case TopErrorKind.Unrecognized:
                logger.Unrecognized(request.Method, error.Code, msg, subCode, subMsg, requestId);
                break;
            case TopErrorKind.Overloaded:
                logger.Overloaded(request.Method, error.Code, subCode, subMsg, requestId, Redact(request.Describe(), request)!);
                break;
            case TopErrorKind.SessionInvalid:
                logger.SessionInvalid(request.Method, error.Code, subCode, subMsg, requestId);
                break;
            case TopErrorKind.Permission:
                logger.PermissionDenied(request.Method, error.Code, subCode, subMsg, requestId, Redact(request.Describe(), request)!);
                break;
            case TopErrorKind.Transient:
                logger.TransientFailure(request.Method, $"code {error.Code} {subCode}", requestId);
                break;
        }
        return new TopException(kind, request.Method, error.Code, subCode, msg, subMsg, requestId);
    }

    // Decoded a little past the cap so a secret straddling it is still redacted whole, then cut to the cap.
    private string RawText(ReadOnlySpan<byte> body, TopRequest request)
    {
        var slack = 4 * (appSecret.Length + (request.Session?.Value.Length ?? 0));
        var text = Redact(Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxRawBodyBytes + slack)]), request)!;
        if (body.Length <= MaxRawBodyBytes) return text;
        return string.Concat(text.AsSpan(0, Math.Min(text.Length, MaxRawBodyBytes)),
            $"…(cut: {body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes in all)");
    }

    // The platform may echo what it was sent; keep the secret and the session out of every text we pass on.
    private string? Redact(string? text, TopRequest request)
    {
        if (string.IsNullOrEmpty(text)) return text;
        text = text.Replace(appSecret, "***", StringComparison.Ordinal);
        if (request.Session is { } session) text = text.Replace(session.Value, "***", StringComparison.Ordinal);
        return text;
    }
}
