using System.Globalization;
using System.Text.RegularExpressions;

namespace TaobaoEtl.Top;

/// <summary>
/// Decides what an error envelope means, by <c>sub_code</c> first (code 15 carries both platform failures
/// <c>isp.*</c> and caller errors <c>isv.*</c>), then by the code of the platform's public list (top-api.md §2).
/// A code outside that list with no <c>isp.</c>/<c>isv.</c> sub-code is <see cref="TopErrorKind.Unrecognized"/>: not
/// proof that the request is wrong, so a trade is never dead-lettered on it; it is retried a bounded number of times
/// and then stops the run (exit 69).
/// </summary>
public static partial class TopErrorClassifier
{
    public static TopErrorKind Classify(int code, string? subCode)
    {
        var sub = subCode ?? "";
        if (sub.StartsWith("isp.", StringComparison.OrdinalIgnoreCase)) return TopErrorKind.Transient;
        if (code == 520 || sub.Equals("isv.trade-service-rejection", StringComparison.OrdinalIgnoreCase)) return TopErrorKind.Overloaded;
        if (code == 7 || sub.StartsWith("accesscontrol.", StringComparison.OrdinalIgnoreCase)) return TopErrorKind.CallLimited;
        if (code == 27
            || sub.Equals("invalid-sessionkey", StringComparison.OrdinalIgnoreCase)
            || sub.Equals("session-expired", StringComparison.OrdinalIgnoreCase))
        {
            return TopErrorKind.SessionInvalid;
        }
        if (code is 11 or 12) return TopErrorKind.Permission;
        if (code is 25 or 28 or 29) return TopErrorKind.BadCredentials;
        if (sub.StartsWith("isv.", StringComparison.OrdinalIgnoreCase)) return TopErrorKind.CallerError;
        // 10 "Service Currently Unavailable" is the platform's own outage, whatever its sub_code says.
        if (code == 10) return TopErrorKind.Transient;
        // The listed codes that say the request itself is wrong (40/41 come without any sub_code).
        if (code is 9 or (>= 21 and <= 33) or (>= 40 and <= 43)) return TopErrorKind.CallerError;
        // Code 15 without a sub_code, old codes (50, 530, 670…), anything new: unexplained, not the caller's fault.
        return TopErrorKind.Unrecognized;
    }

    public static TopBanScope BanScope(string? subCode) => (subCode ?? "").ToLowerInvariant() switch
    {
        "accesscontrol.limited-by-app-access-count" => TopBanScope.AppQuota,
        "accesscontrol.limited-by-api-access-count" => TopBanScope.ApiFrequency,
        "accesscontrol.limited-by-app-api-access-count" => TopBanScope.AppApiFrequency,
        "accesscontrol.limited-by-dynamic-access-count" => TopBanScope.Dynamic,
        _ => TopBanScope.Unknown,
    };

    /// <summary>Reads N from "This ban will last for N more seconds"; null when the text does not say.</summary>
    public static TimeSpan? BanLength(string? subMsg)
    {
        if (string.IsNullOrEmpty(subMsg)) return null;
        var match = BanText().Match(subMsg);
        if (!match.Success) return null;
        return long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
               && seconds <= 10_000_000
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    [GeneratedRegex(@"ban\s+will\s+last\s+for\s+(\d{1,12})\s+more\s+second", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BanText();
}
