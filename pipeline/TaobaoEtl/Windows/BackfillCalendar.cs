using NodaTime;

namespace TaobaoEtl.Windows;

/// <summary>
/// The backfill's days [seed]: one window per platform day before today 00:00 (so up to yesterday
/// 23:59:59), listed by <c>created</c>, back to the platform's horizon (<see cref="PlatformHorizon"/>) and
/// at most <c>maxDays</c> of them. Not "90 days": on 11-11 the platform serves from 08-11 (92 days), in May
/// 90 days reach before what it serves. Today itself belongs to the increment, which starts at today 00:00.
/// </summary>
public static class BackfillCalendar
{
    /// <summary>Oldest first, contiguous, each exactly one platform day.</summary>
    public static IReadOnlyList<TradeWindow> Days(string shopId, Instant platformNow, int maxDays, SyncStream stream = SyncStream.Trade)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDays);
        var today = PlatformTime.DateOf(platformNow);
        var days = Math.Min(maxDays, Period.Between(PlatformHorizon.DateOf(platformNow), today, PeriodUnits.Days).Days);
        var windows = new List<TradeWindow>(days);
        for (var back = days; back >= 1; back--)
        {
            // Through the zone, not "minus 24 h": Shanghai has no DST today, but a day is a calendar fact.
            var date = today.PlusDays(-back);
            windows.Add(new TradeWindow(shopId, stream, WindowKind.BackfillDay,
                new Interval(PlatformTime.StartOf(date), PlatformTime.StartOf(date.PlusDays(1)))));
        }

        return windows;
    }

    /// <summary>The days whose start is not among the days the ledger already holds as done.</summary>
    public static IReadOnlyList<TradeWindow> Remaining(IReadOnlyList<TradeWindow> days, IReadOnlySet<Instant> doneDayStarts) =>
        days.Where(day => !doneDayStarts.Contains(day.Start)).ToList();
}
