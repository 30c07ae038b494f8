namespace TaobaoEtl.Top;

/// <summary>What the pipeline does about a failed call.</summary>
public enum TopErrorKind
{
    /// <summary>The platform or the network failed (<c>isp.*</c>, 5xx, timeout, dropped connection, malformed JSON): wait and retry.</summary>
    Transient,
    /// <summary>The request is wrong (<c>isv.*</c>, the listed codes 9, 21–33, 40–43): log it, never retry.</summary>
    CallerError,
    /// <summary>Code 7: the app key is banned for a while; every caller waits, or the run stops if the ban is long.</summary>
    CallLimited,
    /// <summary>Code 27: the seller's authorization expired or was revoked; stop the shop until it is re-authorized.</summary>
    SessionInvalid,
    /// <summary>Codes 11/12: the app or the seller lacks the permission for this method.</summary>
    Permission,
    /// <summary>
    /// The trade service is overloaded (code 520, <c>isv.trade-service-rejection</c> "超时请求过多…3分钟后再查询", top-api.md §2):
    /// despite its <c>isv.</c> prefix a throttle, never a caller error: pause that seller's listing, shorten the window, retry.
    /// </summary>
    Overloaded,
    /// <summary>The app's own credentials are wrong (codes 25 invalid signature, 28/29 app key): a configuration error.</summary>
    BadCredentials,
    /// <summary>
    /// An error the platform's public list does not explain (an unknown code with no <c>isp.</c>/<c>isv.</c> sub-code):
    /// not proof of a caller error. Retried like a transient failure (bounded); on a detail call still failing after
    /// that, the trade is owed, never silently dropped.
    /// </summary>
    Unrecognized,
    /// <summary>
    /// A body that is no valid answer to the request (truncated JSON, HTML at HTTP 200, a wrong shape, another tid than
    /// asked, a <c>modified</c> later than the answer's own date): retried, then thrown as
    /// <see cref="TopMalformedAnswerException"/> with the raw body, which the detail path quarantines as owed.
    /// </summary>
    MalformedAnswer,
    /// <summary>
    /// The gateway refused the HTTP request itself (a 4xx other than 408/429, a redirect): no platform envelope, so it
    /// says nothing about any trade; the URL (<c>Top:GatewayUrl</c>) or a proxy in front of it is wrong. Not retried;
    /// stops the run with exit 78, because retrying later (69) cannot fix a wrong setting.
    /// </summary>
    GatewayRefused,
}
