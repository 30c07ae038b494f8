using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Windows;

public sealed class BackfillCalendarTests
{
    [Fact]
    public void Backfill_days_cover_the_90_days_before_today_midnight_with_no_gap_and_no_overlap()
    {
        var days = BackfillCalendar.Days("shop1", Shanghai.At("2026-11-27 10:15:00"), 90);

        Assert.Equal(90, days.Count);
        Assert.Equal(Shanghai.At("2026-08-29 00:00:00"), days[0].Start);
        Assert.Equal(Shanghai.At("2026-11-27 00:00:00"), days[^1].End);
        for (var i = 1; i < days.Count; i++)
            Assert.Equal(days[i - 1].End, days[i].Start);
        Assert.All(days, day =>
        {
            Assert.Equal(Duration.FromDays(1), day.Length);
            Assert.Equal(WindowKind.BackfillDay, day.Kind);
            Assert.Equal(new LocalTime(0, 0), day.Start.InZone(PlatformTime.Zone).TimeOfDay);
        });
        Assert.Equal(90, days.Select(day => day.Start).Distinct().Count());
    }

    [Fact]
    public void Backfill_ends_at_Shanghai_midnight_even_when_UTC_is_still_on_the_previous_day()
    {
        // 00:30 on the 27th in Shanghai is 16:30 on the 26th in UTC: a UTC calendar would end the backfill
        // a day early and leave the Shanghai day of the 26th to nobody.
        var platformNow = Shanghai.Utc("2026-11-26T16:30:00Z");

        var days = BackfillCalendar.Days("shop1", platformNow, 90);

        Assert.Equal(Shanghai.Utc("2026-11-26T16:00:00Z"), days[^1].End);
        Assert.Equal(Shanghai.At("2026-11-26 00:00:00"), days[^1].Start);
    }

    [Fact]
    public void Backfill_last_day_ends_where_the_increment_starts()
    {
        var platformNow = Shanghai.At("2026-11-27 23:59:59");

        var days = BackfillCalendar.Days("shop1", platformNow, 90);

        Assert.Equal(IncrementSlicer.InitialWatermark(platformNow), days[^1].End);
        Assert.Equal(Shanghai.At("2026-11-27 00:00:00"), IncrementSlicer.InitialWatermark(platformNow));
    }

    [Fact]
    public void Backfill_resumes_with_only_the_days_not_recorded_done()
    {
        var days = BackfillCalendar.Days("shop1", Shanghai.At("2026-11-27 10:00:00"), 5);
        var done = new HashSet<Instant> { days[0].Start, days[3].Start };

        var remaining = BackfillCalendar.Remaining(days, done);

        Assert.Equal([days[1], days[2], days[4]], remaining);
    }
}
