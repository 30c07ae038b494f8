namespace TaobaoEtl.Top;

/// <summary>Which limit a code 7 names in its <c>sub_code</c> (top-api.md §2).</summary>
public enum TopBanScope
{
    /// <summary>No or an unknown sub_code.</summary>
    Unknown,
    /// <summary><c>accesscontrol.limited-by-app-access-count</c>: the app key's own quota (the daily one when long).</summary>
    AppQuota,
    /// <summary><c>accesscontrol.limited-by-api-access-count</c>: a platform-wide per-API frequency limit.</summary>
    ApiFrequency,
    /// <summary><c>accesscontrol.limited-by-app-api-access-count</c>: app+API frequency (apps not yet launched).</summary>
    AppApiFrequency,
    /// <summary><c>accesscontrol.limited-by-dynamic-access-count</c>.</summary>
    Dynamic,
}
