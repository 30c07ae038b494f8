using TaobaoEtl.Configuration;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Windows;

/// <summary>
/// The backfill reaches back to the platform's horizon (today minus 3 calendar months, at 00:00) and never
/// before it: a day before it is refused on every run, a day after it left out is never listed.
/// </summary>
public sealed class BackfillHorizonTests
{
    [Theory]
    [InlineData("2026-11-11 10:00:00", "2026-08-11 00:00:00")] // the peak: 08-11 and 08-12 are served and must be listed
    [InlineData("2026-05-31 00:00:00", "2026-02-28 00:00:00")] // no 02-31: the month end
    [InlineData("2028-05-31 23:59:59", "2028-02-29 00:00:00")] // a leap year's month end
    [InlineData("2026-03-31 12:00:00", "2025-12-31 00:00:00")] // across the year
    [InlineData("2028-02-29 08:00:00", "2027-11-29 00:00:00")]
    [InlineData("2026-05-01 00:00:01", "2026-02-01 00:00:00")]
    public void With_the_default_cap_the_backfill_starts_on_the_horizon_day(string now, string firstDay)
    {
        var days = BackfillCalendar.Days("shop1", Shanghai.At(now), new SyncOptions().BackfillDays);

        Assert.Equal(Shanghai.At(firstDay), days[0].Start);
        Assert.Equal(IncrementSlicer.InitialWatermark(Shanghai.At(now)), days[^1].End);
    }

    [Theory]
    [InlineData("2026-05-01 09:00:00", 90, "2026-02-01 00:00:00")] // 90 days would start on 01-31, refused by the platform
    [InlineData("2026-11-11 09:00:00", 90, "2026-08-13 00:00:00")] // a cap inside the horizon is kept
    [InlineData("2026-11-11 09:00:00", 3, "2026-11-08 00:00:00")]
    public void A_cap_beyond_the_horizon_is_cut_at_the_horizon(string now, int cap, string firstDay)
    {
        var days = BackfillCalendar.Days("shop1", Shanghai.At(now), cap);

        Assert.Equal(Shanghai.At(firstDay), days[0].Start);
        for (var i = 1; i < days.Count; i++)
            Assert.Equal(days[i - 1].End, days[i].Start);
    }
}
