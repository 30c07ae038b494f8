using NodaTime;
using TaobaoEtl.Reconcile;
using TaobaoEtl.Tests.Windows;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Reconcile;

public sealed class ReconcilePlanTests
{
    private static readonly Instant Now = Shanghai.At("2026-11-11 10:30:00");

    [Fact]
    public void Last_days_are_whole_platform_days_before_today_oldest_first()
    {
        var days = ReconcilePlan.LastDays("s", Now, 3);

        Assert.Equal([Shanghai.At("2026-11-08 00:00:00"), Shanghai.At("2026-11-09 00:00:00"), Shanghai.At("2026-11-10 00:00:00")],
            days.Select(d => d.Range.Start));
        Assert.All(days, d => Assert.Equal(Duration.FromDays(1), d.Range.Duration));
        Assert.All(days, d => Assert.Equal((ReconcileSliceKind.Day, SliceListBy.Created), (d.Kind, d.ListBy)));
    }

    [Fact]
    public void Last_days_never_reach_before_the_platforms_horizon()
    {
        var days = ReconcilePlan.LastDays("s", Now, 92);

        Assert.Equal(PlatformHorizon.Of(Now), days[0].Range.Start);
        Assert.Equal(Shanghai.At("2026-11-11 00:00:00"), days[^1].Range.End);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-10", null)]
    [InlineData("2026-11-10", "2026-11-01", "before --from")]
    [InlineData("2026-08-10", "2026-08-12", "horizon")]
    [InlineData("2026-11-10", "2026-11-11", "not before today")]
    public void An_explicit_range_is_refused_when_empty_past_the_horizon_or_not_over(string from, string to, string? error)
    {
        var days = ReconcilePlan.Days("s", Now, NodaTime.Text.LocalDatePattern.Iso.Parse(from).Value, NodaTime.Text.LocalDatePattern.Iso.Parse(to).Value,
            out var why);

        if (error is null)
        {
            Assert.Null(why);
            Assert.Equal(10, days!.Count);
        }
        else
        {
            Assert.Null(days);
            Assert.Contains(error, why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_recent_hours_stop_at_the_pending_bound_in_slices_of_the_given_length()
    {
        var pendingFrom = Shanghai.At("2026-11-11 10:20:00");

        var slices = ReconcilePlan.Recent("s", Now, Duration.FromHours(10), pendingFrom, Duration.FromHours(4));

        Assert.Equal(Shanghai.At("2026-11-11 00:30:00"), slices[0].Range.Start);
        Assert.Equal(pendingFrom, slices[^1].Range.End);
        Assert.Equal(3, slices.Count);
        Assert.All(slices.Zip(slices.Skip(1)), pair => Assert.Equal(pair.First.Range.End, pair.Second.Range.Start));
        Assert.All(slices, s => Assert.Equal(SliceListBy.Modified, s.ListBy));
    }

    [Fact]
    public void No_recent_hours_no_recent_slices()
    {
        Assert.Empty(ReconcilePlan.Recent("s", Now, Duration.Zero, Now, Duration.FromHours(4)));
    }

    [Fact]
    public void A_resync_by_created_is_cut_at_platform_midnights()
    {
        var slices = ReconcilePlan.Resync("s", Now, Shanghai.At("2026-11-09 18:00:00"), Shanghai.At("2026-11-11 06:00:00"), SliceListBy.Created,
            Duration.FromHours(4), out var error);

        Assert.Null(error);
        Assert.Equal([Shanghai.At("2026-11-09 18:00:00"), Shanghai.At("2026-11-10 00:00:00"), Shanghai.At("2026-11-11 00:00:00")],
            slices!.Select(s => s.Range.Start));
        Assert.Equal(Shanghai.At("2026-11-11 06:00:00"), slices![^1].Range.End);
    }

    [Fact]
    public void A_resync_past_the_platforms_now_is_refused()
    {
        Assert.Null(ReconcilePlan.Resync("s", Now, Shanghai.At("2026-11-11 00:00:00"), Shanghai.At("2026-11-11 12:00:00"), SliceListBy.Modified,
            Duration.FromHours(4), out var error));
        Assert.Contains("after the platform's now", error, StringComparison.Ordinal);
    }
}
