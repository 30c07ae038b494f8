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
/// </summary>
public static class KnownFilterRule
{
    public static bool IsKnownCurrent(Instant listedModified, KnownFilterStoredCopy? stored) =>
        stored is { } copy
        && copy.Modified == listedModified
        && PlatformTime.FloorToSecond(copy.FetchedAt) > PlatformTime.FloorToSecond(listedModified);
}
