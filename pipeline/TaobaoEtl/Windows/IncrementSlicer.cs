using NodaTime;
using NodaTime.Text;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Windows;

/// <summary>
/// Plans an increment pass [seed]: from the watermark minus a look-back (10 min, 30 min in peak mode) to
/// the platform's now, in slices of at most <see cref="SyncOptions.SliceLength"/> and never more than the
/// platform's one-day limit. The look-back is what catches trades the platform's list index shows late.
/// </summary>
public sealed class IncrementSlicer
{
    /// <summary>The longest span <c>taobao.trades.sold.increment.get</c> accepts.</summary>
    public static readonly Duration PlatformMaxSlice = Duration.FromDays(1);

    private readonly Duration _slice;
    private readonly Duration _lookBack;
    private readonly Duration _peakLookBack;
    private readonly bool _peakMode;
    private readonly AnnualDate[] _peakDays;

    public IncrementSlicer(SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var slice = Duration.FromTimeSpan(options.SliceLength);
        if (slice < Duration.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(options), "Sync:SliceLength must be at least one second.");
        // Whole seconds keep slice edges on the platform's resolution; a config above the platform limit is
        // clamped rather than sent, because the platform would refuse every call.
        _slice = Duration.Min(Duration.FromSeconds((long)slice.TotalSeconds), PlatformMaxSlice);
        _lookBack = Duration.FromTimeSpan(options.LookBack);
        _peakLookBack = Duration.FromTimeSpan(options.PeakLookBack);
        _peakMode = options.PeakMode;
        _peakDays = options.PeakDays.Select(day => day.Date).ToArray();
    }

    public Duration SliceLength => _slice;

    /// <summary>
    /// The pass from <paramref name="watermark"/> to <paramref name="platformNow"/> (an instant from the
    /// platform: taobao.time.get or a Date header). Peak mode is on when configured, or when the span
    /// [watermark − peak look-back, now) touches a configured peak day in platform time: the first runs after a peak
    /// day still owe its last changes their peak-sized lag (a change at 23:50 may surface at 00:15, after the last
    /// peak pass read that part), which the normal look-back from a watermark past midnight would not reach.
    /// </summary>
    public IncrementSpan Plan(string shopId, Instant watermark, Instant platformNow, SyncStream stream = SyncStream.Trade)
    {
        var now = PlatformTime.FloorToSecond(platformNow);
        var peak = _peakMode || TouchesPeakDay(watermark - Duration.Max(_peakLookBack, _lookBack), now);
        var lookBack = peak ? Duration.Max(_peakLookBack, _lookBack) : _lookBack;
        // The look-back never reaches before the platform's horizon: a slice starting there is refused on
        // every pass, and the platform lists nothing older anyway. (A watermark itself behind the horizon is
        // the caller's to refuse: that gap cannot be listed at all.)
        var start = Instant.Max(PlatformTime.FloorToSecond(watermark - lookBack), PlatformHorizon.Of(now));

        var slices = new List<TradeWindow>();
        for (var from = start; from < now; from += _slice)
        {
            var to = from + _slice < now ? from + _slice : now;
            slices.Add(new TradeWindow(shopId, stream, WindowKind.IncrementSlice, new Interval(from, to)));
        }

        return new IncrementSpan(watermark, now, peak, lookBack, slices);
    }

    /// <summary>
    /// The watermark of a shop that has none yet: today 00:00 platform time, where the backfill's last day
    /// ends [seed: backfill up to yesterday 23:59:59, increment from today 00:00].
    /// </summary>
    public static Instant InitialWatermark(Instant platformNow) => PlatformTime.StartOfDay(platformNow);

    /// <summary>Whether any platform date in [start, end) is a configured peak day.</summary>
    public bool TouchesPeakDay(Instant start, Instant end)
    {
        if (_peakDays.Length == 0 || end <= start) return false;
        var first = PlatformTime.DateOf(start);
        var last = PlatformTime.DateOf(end - Duration.Epsilon);
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            foreach (var day in _peakDays)
            {
                if (day.Month == date.Month && day.Day == date.Day) return true;
            }
        }

        return false;
    }
}
