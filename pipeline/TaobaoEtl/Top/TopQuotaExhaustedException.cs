using NodaTime;

namespace TaobaoEtl.Top;

/// <summary>
/// A ban longer than <c>Top:MaxBanWait</c> (typically the app key's daily quota, which lasts until midnight GMT+8):
/// the run stops cleanly and the next run resumes. The CLI exits with <see cref="ExitCode.TemporaryFailure"/> (75).
/// Every caller waiting at the <see cref="RateGate"/> gets this, not only the one that met the ban.
/// </summary>
public sealed class TopQuotaExhaustedException(string method, string? subCode, string? subMsg, string? requestId,
    TimeSpan banLength, Instant? bannedUntil)
    : TopException(TopErrorKind.CallLimited, method, 7, subCode, "App Call Limited",
        Explain(subCode, banLength, bannedUntil) + (string.IsNullOrEmpty(subMsg) ? "" : " (" + subMsg + ")"),
        requestId, banLength: banLength)
{
    /// <summary>When the ban ends by the local clock (the platform's own counts from its answer), if known.</summary>
    public Instant? BannedUntil { get; } = bannedUntil;

    public override ExitCode ToExitCode() => ExitCode.TemporaryFailure;

    private static string Explain(string? subCode, TimeSpan banLength, Instant? until)
    {
        var what = TopErrorClassifier.BanScope(subCode) == TopBanScope.AppQuota
            ? "the app key's call quota is used up"
            : "the platform banned the app key for longer than the run waits";
        var end = until is { } u ? $" until {TopTime.Format(u)} GMT+8" : "";
        return $"{what}: ban of {(long)banLength.TotalSeconds}s{end}; the run stops and the next run resumes";
    }
}
