using System.Globalization;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Flow;

/// <summary>
/// A version from the future is refused: a trade whose <c>modified</c> lies after the platform's own answer instant
/// (its <c>Date</c>) plus <see cref="Margin"/> would win every later upsert (the version rule prefers the later
/// <c>modified</c>) and stay stale for good. Such an answer is quarantined and the trade owed, so a later, sane
/// answer stores it. The margin covers the one-second resolution of both instants and a <c>Date</c>-less answer,
/// which is dated by the local clock corrected by the platform offset.
/// </summary>
public static class FutureVersionRule
{
    public static readonly Duration Margin = Duration.FromMinutes(1);

    /// <summary>Why the version is refused, or null when it is plausible.</summary>
    public static string? Problem(Instant modified, Instant answeredAt) =>
        modified > answeredAt + Margin
            ? string.Create(CultureInfo.InvariantCulture, $"modified {PlatformTime.Format(modified)} lies after the platform's answer instant {PlatformTime.Format(answeredAt)} (+{Margin.TotalSeconds:0} s): a version from the future would win every later upsert")
            : null;
}
