using System.Globalization;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Top;

/// <summary>
/// A ban longer than <c>Top:MaxBanWait</c> (typically the app key's daily quota, which lasts until midnight GMT+8):
/// the run stops cleanly and the next run resumes. The CLI exits with <see cref="ExitCode.TemporaryFailure"/> (75).
/// Every caller waiting at the <see cref="RateGate"/> gets this, not only the one that met the ban.
/// </summary>
public sealed class TopQuotaExhaustedException(string method, string? subCode, string? subMsg, string? requestId,
    TimeSpan banLength, Instant? bannedUntil)
    : TopException(Explain(method, subCode, requestId, banLength, bannedUntil), TopErrorKind.CallLimited, method, 7, subCode,
        "App Call Limited", subMsg, requestId, null, banLength, null)
{
    /// <summary>When the ban ends by the local clock (the platform's own counts from its answer), if known.</summary>
    public Instant? BannedUntil { get; } = bannedUntil;

    public override ExitCode ToExitCode() => ExitCode.TemporaryFailure;

    private static string Explain(string method, string? subCode, string? requestId, TimeSpan banLength, Instant? until)
    {
        var what = TopErrorClassifier.BanScope(subCode) == TopBanScope.AppQuota
            ? "the app key's call quota is used up"
            : "the platform banned the app key for longer than the run waits";
        var seconds = ((long)Math.Ceiling(banLength.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var end = until is { } u ? $" until {PlatformTime.Format(u)} GMT+8" : "";
        var id = string.IsNullOrEmpty(requestId) ? "" : $", request_id {requestId}";
        return $"Stopping: {what} (code 7, sub_code {subCode ?? "none"}, ban of {seconds}s{end}, in {method}{id}); " +
               "committed work is kept and the next run resumes.";
    }
}
