using System.Globalization;
using System.Text;

namespace TaobaoEtl.Top;

/// <summary>
/// A call to the platform failed. It classifies itself (<see cref="Kind"/>) so callers decide by kind, never by
/// message. Its texts carry method, codes, request id and the platform's messages, never the app secret or a
/// session (the client redacts them from platform texts before they get here).
/// </summary>
public class TopException : Exception
{
    public TopException(TopErrorKind kind, string method, int? code, string? subCode, string? msg, string? subMsg,
        string? requestId, int? httpStatus = null, TimeSpan? banLength = null, Exception? innerException = null)
        : this(Describe(kind, method, code, subCode, msg, subMsg, requestId, httpStatus, banLength), kind, method, code,
            subCode, msg, subMsg, requestId, httpStatus, banLength, innerException)
    {
    }

    /// <summary>For a subclass that words its own message (from the same secret-free parts).</summary>
    protected TopException(string message, TopErrorKind kind, string method, int? code, string? subCode, string? msg,
        string? subMsg, string? requestId, int? httpStatus, TimeSpan? banLength, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
        Method = method;
        Code = code;
        SubCode = subCode;
        Msg = msg;
        SubMsg = subMsg;
        RequestId = requestId;
        HttpStatus = httpStatus;
        BanLength = banLength;
        BanScope = kind == TopErrorKind.CallLimited ? TopErrorClassifier.BanScope(subCode) : TopBanScope.Unknown;
    }

    public TopErrorKind Kind { get; }

    /// <summary>The API method, e.g. <c>taobao.trade.fullinfo.get</c>.</summary>
    public string Method { get; }

    /// <summary>The envelope's <c>code</c>; null when no envelope came (HTTP status, network, malformed body).</summary>
    public int? Code { get; }

    public string? SubCode { get; }
    public string? Msg { get; }
    public string? SubMsg { get; }

    /// <summary>The platform's <c>request_id</c>, for a support ticket; old bodies have none.</summary>
    public string? RequestId { get; }

    /// <summary>The HTTP status when the gateway answered with something else than 200.</summary>
    public int? HttpStatus { get; }

    /// <summary>For <see cref="TopErrorKind.CallLimited"/>: the ban length from <c>sub_msg</c>, when it says.</summary>
    public TimeSpan? BanLength { get; }

    public TopBanScope BanScope { get; }

    public bool IsTransient => Kind == TopErrorKind.Transient;

    /// <summary>How a run ended by this error exits (the sysexits table in <see cref="ExitCode"/>).</summary>
    public virtual ExitCode ToExitCode() => Kind switch
    {
        TopErrorKind.Transient => ExitCode.Unavailable,
        TopErrorKind.CallLimited => ExitCode.TemporaryFailure,
        TopErrorKind.SessionInvalid => ExitCode.NoPermission,
        TopErrorKind.Permission => ExitCode.NoPermission,
        TopErrorKind.Overloaded => ExitCode.TemporaryFailure,
        TopErrorKind.BadCredentials => ExitCode.Config,
        TopErrorKind.Unrecognized => ExitCode.Unavailable,
        TopErrorKind.MalformedAnswer => ExitCode.Unavailable,
        TopErrorKind.GatewayRefused => ExitCode.Config,
        _ => ExitCode.Software,
    };

    private static string Describe(TopErrorKind kind, string method, int? code, string? subCode, string? msg, string? subMsg,
        string? requestId, int? httpStatus, TimeSpan? banLength)
    {
        var text = new StringBuilder();
        text.Append(kind switch
        {
            TopErrorKind.Transient => "The platform failed (transient)",
            TopErrorKind.CallerError => "The platform rejected the request (caller error, not retried)",
            TopErrorKind.CallLimited => "The app key is call-limited (code 7)",
            TopErrorKind.SessionInvalid => "The seller's session is invalid or expired: re-authorize the shop",
            TopErrorKind.Permission => "Insufficient permission for this method (code 11/12): grant it to the app or the seller",
            TopErrorKind.Overloaded => "The trade service is overloaded (code 520, a throttle): pause this seller's listing and retry",
            TopErrorKind.BadCredentials => "The platform refused the app's credentials: check Top:AppKey and Top:AppSecret",
            TopErrorKind.Unrecognized => "The platform answered with an error its public list does not explain (retried, not taken for a caller error)",
            TopErrorKind.MalformedAnswer => "The platform's answer is not a valid answer to the request",
            TopErrorKind.GatewayRefused => "The gateway refused the HTTP request (no platform answer, nothing about any trade): check Top:GatewayUrl and any proxy in front of it",
            _ => "The call failed",
        });
        text.Append(" in ").Append(method).Append(':');
        if (httpStatus is { } status) text.Append(" http=").Append(status.ToString(CultureInfo.InvariantCulture));
        if (code is { } c) text.Append(" code=").Append(c.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(msg)) text.Append(" msg=\"").Append(msg).Append('"');
        if (!string.IsNullOrEmpty(subCode)) text.Append(" sub_code=").Append(subCode);
        if (!string.IsNullOrEmpty(subMsg)) text.Append(" sub_msg=\"").Append(subMsg).Append('"');
        if (banLength is { } ban) text.Append(" ban=").Append(((long)ban.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append('s');
        if (!string.IsNullOrEmpty(requestId)) text.Append(" request_id=").Append(requestId);
        return text.ToString();
    }
}
