using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Windows;

public sealed class PlatformHorizonTests
{
    [Theory]
    [InlineData("2026-11-11 00:00:00", "2026-08-11 00:00:00")]
    [InlineData("2026-11-11 23:59:59", "2026-08-11 00:00:00")]
    [InlineData("2026-05-31 10:00:00", "2026-02-28 00:00:00")]
    [InlineData("2028-05-31 10:00:00", "2028-02-29 00:00:00")]
    [InlineData("2026-03-31 10:00:00", "2025-12-31 00:00:00")]
    [InlineData("2028-02-29 10:00:00", "2027-11-29 00:00:00")]
    [InlineData("2026-08-01 00:00:00", "2026-05-01 00:00:00")]
    public void The_horizon_is_three_calendar_months_back_at_Shanghai_midnight(string now, string horizon)
    {
        Assert.Equal(Shanghai.At(horizon), PlatformHorizon.Of(Shanghai.At(now)));
    }

    [Fact]
    public void The_horizon_follows_the_Shanghai_date_not_the_UTC_one()
    {
        // 2026-11-11 00:30 in Shanghai is still 11-10 in UTC.
        Assert.Equal(Shanghai.At("2026-08-11 00:00:00"), PlatformHorizon.Of(Shanghai.Utc("2026-11-10T16:30:00Z")));
    }

    [Fact]
    public void No_date_holds_more_than_MaxDays_before_it()
    {
        var date = new NodaTime.LocalDate(2026, 1, 1);
        for (var i = 0; i < 366 * 4; i++, date = date.PlusDays(1))
        {
            var now = PlatformTime.StartOf(date);
            var days = BackfillCalendar.Days("shop1", now, int.MaxValue);
            Assert.InRange(days.Count, 89, PlatformHorizon.MaxDays);
            Assert.Equal(PlatformHorizon.Of(now), days[0].Start);
        }
    }
}
