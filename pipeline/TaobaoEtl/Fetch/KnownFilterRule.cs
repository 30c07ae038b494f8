using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Fetch;

/// <summary>
/// When a listed trade may skip its detail call (design.md §2). <c>modified</c> has one-second resolution
/// and a trade can change twice within one second; a copy read inside that second may hold the first
/// change only. So the stored copy is known current only when it has the listed <c>modified</c> AND was
/// provably read after that second ended: its <c>fetched_at</c> is a LOWER bound of the platform's read
/// instant (<see cref="Top.TopAnswer.ReadNotBefore"/>: the answer's <c>Date</c> second minus the measured round
/// trip), so <c>fetched_at</c> ≥ S+1 proves the read came after every change of second S. The <c>Date</c> header
/// alone proves nothing: it is stamped when the answer leaves, after the read (top-api.md §2a), so a copy read at
/// S.9 can leave at S+1.2 with <c>Date</c> S+1. Anything else — not stored, another <c>modified</c> (older, or
/// newer because the list lags), possibly read in the same second — is fetched again: a needless fetch costs
/// one call, a wrong skip keeps a stale row forever.
/// <para>Two clocks: <c>fetched_at</c> comes from the gateway's clock (its <c>Date</c>, or ours corrected by time.get's
/// offset, which is the gateway's too), <c>modified</c> from the trade service's, and the platform does not say they
/// agree (top-api.md §2a: "on its own clock"). A gateway 1.5 s ahead dates a read at S.5 as S+1.8, "after second S",
/// while a second change at S.8 is missing from the copy. So the read must lie <see cref="ClockSkew"/> past the
/// second as well; the cost is one more detail call for a copy read within seconds of its change.</para>
/// </summary>
public static class KnownFilterRule
{
    /// <summary>
    /// How far the gateway's clock may run ahead of the trade service's. Servers of one platform keep NTP time to
    /// milliseconds; five seconds leaves room for a bad one, and a copy read minutes after its change (every copy a
    /// later increment lists) is not touched by it.
    /// </summary>
    public static readonly Duration ClockSkew = Duration.FromSeconds(5);

    public static bool IsKnownCurrent(Instant listedModified, KnownFilterStoredCopy? stored) =>
        IsKnownCurrent(listedModified, stored, ClockSkew);

    /// <param name="skew">
    /// <see cref="ClockSkew"/>; zero only under the test-only broken skip rule (<c>Sync:Testing:TrustDateHeader</c>),
    /// which restores the rule as it was before issue 15: <c>Date</c> taken for the read, one clock.
    /// </param>
    public static bool IsKnownCurrent(Instant listedModified, KnownFilterStoredCopy? stored, Duration skew) =>
        stored is { } copy
        && copy.Modified == listedModified
        && PlatformTime.FloorToSecond(copy.FetchedAt) >= PlatformTime.FloorToSecond(listedModified) + Duration.FromSeconds(1) + skew;
}
