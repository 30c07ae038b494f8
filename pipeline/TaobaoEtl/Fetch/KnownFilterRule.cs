using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Fetch;

/// <summary>
/// When a listed trade may skip its detail call (design.md §2). <c>modified</c> has one-second resolution
/// and a trade can change twice within one second; a copy fetched inside that second may hold the first
/// change only. So the stored copy is known current only when it has the listed <c>modified</c> AND was
/// fetched in a later second than that <c>modified</c> second. Anything else — not stored, another
/// <c>modified</c> (older, or newer because the list lags), fetched in the same second — is fetched again:
/// a needless fetch costs one call, a wrong skip keeps a stale row forever.
/// </summary>
public static class KnownFilterRule
{
    public static bool IsKnownCurrent(Instant listedModified, KnownFilterStoredCopy? stored) =>
        stored is { } copy
        && copy.Modified == listedModified
        && PlatformTime.FloorToSecond(copy.FetchedAt) > PlatformTime.FloorToSecond(listedModified);
}
