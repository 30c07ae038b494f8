using NodaTime;
using NodaTime.Text;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// Which slices a reconcile or a resync checks, from the platform's clock: pure, so the edges (the horizon, today, the
/// pending band) are table-tested. Days are whole platform days before today (today is the increment's, and its trades
/// are still being created); nothing starts before the platform's horizon (it lists the last 3 calendar months only).
/// </summary>
public static class ReconcilePlan
{
    /// <summary>The last <paramref name="days"/> whole platform days before today, oldest first, never before the horizon.</summary>
    public static IReadOnlyList<ReconcileSlice> LastDays(string shopId, Instant platformNow, int days) =>
        [.. BackfillCalendar.Days(shopId, platformNow, days).Select(day => new ReconcileSlice(shopId, ReconcileSliceKind.Day, SliceListBy.Created, day.Range))];

    /// <summary>
    /// The days <paramref name="from"/> to <paramref name="to"/> (both included), oldest first; null with the reason when
    /// the range is empty, reaches before the platform's horizon, or reaches today or later.
    /// </summary>
    public static IReadOnlyList<ReconcileSlice>? Days(string shopId, Instant platformNow, LocalDate from, LocalDate to, out string? error)
    {
        var today = PlatformTime.DateOf(platformNow);
        var horizon = PlatformHorizon.DateOf(platformNow);
        error = null;
        if (to < from) error = $"--to {Iso(to)} is before --from {Iso(from)}";
        else if (from < horizon)
            error = $"--from {Iso(from)} is before the platform's horizon {Iso(horizon)} (it lists the trades of the last {PlatformHorizon.Months} months only)";
        else if (to >= today)
            error = $"--to {Iso(to)} is not before today {Iso(today)} on the platform's clock: a day is checked once it is over (the recent hours cover today)";
        if (error is not null) return null;
        var slices = new List<ReconcileSlice>();
        for (var date = from; date <= to; date = date.PlusDays(1))
            slices.Add(new ReconcileSlice(shopId, ReconcileSliceKind.Day, SliceListBy.Created,
                new Interval(PlatformTime.StartOf(date), PlatformTime.StartOf(date.PlusDays(1)))));
        return slices;
    }

    /// <summary>
    /// The widest band of recent changes a check leaves to the increments: an hour (several increment passes, past the
    /// peak look-back and the list index's peak lag). A watermark further behind means the increments are not keeping up
    /// or are failing: then their pending claim is not honoured, and what they owe is checked and repaired like the rest
    /// (a repair racing an increment is harmless under the version rule).
    /// </summary>
    public static readonly Duration MaxPendingBand = Duration.FromHours(1);

    /// <summary>
    /// Changes at or after this instant are not owed yet: the next increment's start (<paramref name="incrementStart"/>:
    /// watermark − its look-back), but never more than <see cref="MaxPendingBand"/> before now; without a watermark (never
    /// incremented) the band is the same hour before now.
    /// </summary>
    public static Instant PendingFrom(Instant platformNow, Instant? incrementStart)
    {
        var floor = PlatformTime.FloorToSecond(platformNow - MaxPendingBand);
        return incrementStart is { } start ? Instant.Max(PlatformTime.FloorToSecond(start), floor) : floor;
    }

    /// <summary>
    /// The recent hours by modified: [now − <paramref name="hours"/>, <paramref name="pendingFrom"/>) in slices of at most
    /// <paramref name="sliceLength"/> (and the platform's one day). Changes at or after <paramref name="pendingFrom"/> (the
    /// watermark minus the next increment's look-back) are not owed yet, so they are not checked: the increment is the
    /// authority there, and a check would only race it.
    /// </summary>
    public static IReadOnlyList<ReconcileSlice> Recent(string shopId, Instant platformNow, Duration hours, Instant pendingFrom, Duration sliceLength,
        SyncStream stream = SyncStream.Trade)
    {
        if (hours <= Duration.Zero) return [];
        var now = PlatformTime.FloorToSecond(platformNow);
        var start = Instant.Max(PlatformTime.FloorToSecond(now - hours), PlatformHorizon.Of(now));
        var end = Instant.Min(PlatformTime.FloorToSecond(pendingFrom), now);
        return Cut(shopId, ReconcileSliceKind.Recent, SliceListBy.Modified, start, end, sliceLength, stream);
    }

    /// <summary>
    /// A resync's range [<paramref name="from"/>, <paramref name="to"/>): by created cut at platform midnights (a day's plan
    /// lists by created), by modified in slices of at most <paramref name="sliceLength"/>; null with the reason when the
    /// range is empty, starts before the horizon or ends after the platform's now.
    /// </summary>
    /// <param name="stream">Refunds have no list by created: a refund resync is always by modified.</param>
    public static IReadOnlyList<ReconcileSlice>? Resync(string shopId, Instant platformNow, Instant from, Instant to, SliceListBy by,
        Duration sliceLength, out string? error, SyncStream stream = SyncStream.Trade)
    {
        var now = PlatformTime.FloorToSecond(platformNow);
        var horizon = PlatformHorizon.Of(now);
        from = PlatformTime.FloorToSecond(from);
        to = PlatformTime.FloorToSecond(to);
        error = null;
        if (to <= from) error = $"--to {PlatformTime.Format(to)} is not after --from {PlatformTime.Format(from)}";
        else if (from < horizon)
            error = $"--from {PlatformTime.Format(from)} is before the platform's horizon {PlatformTime.Format(horizon)} (it lists the last {PlatformHorizon.Months} months only)";
        else if (to > now) error = $"--to {PlatformTime.Format(to)} is after the platform's now {PlatformTime.Format(now)}";
        if (error is not null) return null;
        if (by == SliceListBy.Modified || stream == SyncStream.Refund)
            return Cut(shopId, ReconcileSliceKind.Resync, SliceListBy.Modified, from, to, sliceLength, stream);
        var slices = new List<ReconcileSlice>();
        for (var start = from; start < to;)
        {
            var nextMidnight = PlatformTime.StartOf(PlatformTime.DateOf(start).PlusDays(1));
            var end = Instant.Min(nextMidnight, to);
            slices.Add(new ReconcileSlice(shopId, ReconcileSliceKind.Resync, by, new Interval(start, end)));
            start = end;
        }

        return slices;
    }

    private static List<ReconcileSlice> Cut(string shopId, ReconcileSliceKind kind, SliceListBy by, Instant start, Instant end, Duration sliceLength,
        SyncStream stream = SyncStream.Trade)
    {
        // Whole seconds, at most the platform's one-day span for increment.get, at least one second.
        var length = Duration.Min(Duration.Max(Duration.FromSeconds((long)sliceLength.TotalSeconds), Duration.FromSeconds(1)), IncrementSlicer.PlatformMaxSlice);
        var slices = new List<ReconcileSlice>();
        for (var from = start; from < end; from += length)
            slices.Add(new ReconcileSlice(shopId, kind, by, new Interval(from, from + length < end ? from + length : end), stream));
        return slices;
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
