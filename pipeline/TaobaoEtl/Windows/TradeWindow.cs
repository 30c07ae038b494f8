using NodaTime;

namespace TaobaoEtl.Windows;

/// <summary>
/// One listing window of one shop: a half-open <see cref="Interval"/> [start, end) on whole seconds.
/// The request passes both edges as they are (<see cref="PlatformTime.Format"/>): whether the platform
/// treats the end as inclusive or not, neighbours then overlap by at most the boundary second (a
/// duplicate the known filter absorbs) and never leave a gap.
/// </summary>
public sealed record TradeWindow
{
    public TradeWindow(string shopId, SyncStream stream, WindowKind kind, Interval range)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        if (!range.HasStart || !range.HasEnd || range.End <= range.Start)
            throw new ArgumentException("A window needs a start and a later end.", nameof(range));
        ShopId = shopId;
        Stream = stream;
        Kind = kind;
        Range = range;
    }

    public string ShopId { get; }
    public SyncStream Stream { get; }
    public WindowKind Kind { get; }
    public Interval Range { get; }

    public Instant Start => Range.Start;
    public Instant End => Range.End;
    public Duration Length => Range.Duration;

    /// <summary>The two halves, cut on a whole second; used when a slice keeps moving while it is read.</summary>
    public (TradeWindow First, TradeWindow Second) Halve()
    {
        var middle = PlatformTime.FloorToSecond(Start + (Length / 2));
        if (middle <= Start)
            throw new InvalidOperationException("A window shorter than two seconds cannot be halved.");
        return (new TradeWindow(ShopId, Stream, Kind, new Interval(Start, middle)),
                new TradeWindow(ShopId, Stream, Kind, new Interval(middle, End)));
    }

    public override string ToString() =>
        $"{ShopId}/{Stream}/{Kind} [{PlatformTime.Format(Start)}, {PlatformTime.Format(End)})";
}
