namespace TaobaoEtl.Top;

/// <summary>
/// A body that stayed no valid answer through every retry (<see cref="TopErrorKind.MalformedAnswer"/>). It keeps the
/// raw body (secrets redacted) so the detail path can quarantine it whole, attributed to the id that was asked for.
/// </summary>
public sealed class TopMalformedAnswerException(string method, string reason, string rawBody, string? requestId, long? askedTid = null,
    int? httpStatus = null, Exception? innerException = null)
    : TopException(TopErrorKind.MalformedAnswer, method, null, null, reason, null, requestId, httpStatus, null, innerException)
{
    /// <summary>The body as it came (secrets redacted), for <c>etl.quarantine</c>.</summary>
    public string RawBody { get; } = rawBody ?? throw new ArgumentNullException(nameof(rawBody));

    /// <summary>Why the body is no answer, e.g. "truncated JSON" or "answers tid 2 for tid 1".</summary>
    public string Reason { get; } = reason ?? throw new ArgumentNullException(nameof(reason));

    /// <summary>The tid the request asked for, when it asked for one.</summary>
    public long? AskedTid { get; } = askedTid;
}
