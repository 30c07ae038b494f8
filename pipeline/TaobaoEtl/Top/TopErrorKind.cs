namespace TaobaoEtl.Top;

/// <summary>What the pipeline does about a failed call.</summary>
public enum TopErrorKind
{
    /// <summary>The platform or the network failed (<c>isp.*</c>, 5xx, timeout, dropped connection, malformed JSON): wait and retry.</summary>
    Transient,
    /// <summary>The request is wrong (<c>isv.*</c>, codes 9, 21–33, 40–43, unknown codes): log it, never retry.</summary>
    CallerError,
    /// <summary>Code 7: the app key is banned for a while; every caller waits, or the run stops if the ban is long.</summary>
    CallLimited,
    /// <summary>Code 27: the seller's authorization expired or was revoked; stop the shop until it is re-authorized.</summary>
    SessionInvalid,
    /// <summary>Codes 11/12: the app or the seller lacks the permission for this method.</summary>
    Permission,
}
