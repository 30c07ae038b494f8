using NodaTime;

namespace TaobaoEtl.Windows;

/// <summary>
/// One increment pass: [watermark − look-back, platform now) cut into slices. <see cref="Slices"/> is
/// empty when there is nothing to list yet (the platform clock has not passed the start).
/// </summary>
public sealed record IncrementSpan(Instant Watermark, Instant PlatformNow, bool Peak, Duration LookBack, IReadOnlyList<TradeWindow> Slices)
{
    /// <summary>Where the pass starts: the look-back before the watermark, never before the platform's horizon.</summary>
    public Instant Start => Instant.Max(Watermark - LookBack, PlatformHorizon.Of(PlatformNow));
}
