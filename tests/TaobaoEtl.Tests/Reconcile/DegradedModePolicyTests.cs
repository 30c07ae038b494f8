using NodaTime;
using TaobaoEtl.Reconcile;
using TaobaoEtl.State;

namespace TaobaoEtl.Tests.Reconcile;

public sealed class DegradedModePolicyTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 11, 2, 0);

    [Theory]
    [InlineData(new[] { "trade.fullinfo.get:success", "trade.fullinfo.get:transient" }, new long[] { 90, 10 }, 0.10)]
    [InlineData(new[] { "trades.sold.get:overloaded", "trades.sold.get:success", "time.get:unrecognized" }, new long[] { 3, 95, 2 }, 0.05)]
    [InlineData(new[] { "trades.sold.get:calllimited", "trades.sold.get:success" }, new long[] { 10, 90 }, 0.0)]
    [InlineData(new[] { "trade.fullinfo.get:callererror", "trade.fullinfo.get:success" }, new long[] { 50, 50 }, 0.0)]
    [InlineData(new[] { "trade.fullinfo.get:cancelled", "trade.fullinfo.get:success" }, new long[] { 50, 50 }, 0.0)]
    public void The_failure_ratio_counts_the_platform_failing_not_the_callers_own_errors(string[] keys, long[] counts, double expected)
    {
        var calls = keys.Zip(counts).ToDictionary(pair => pair.First, pair => pair.Second);

        Assert.Equal(expected, DegradedModePolicy.FailureRatio(calls)!.Value, 6);
    }

    [Fact]
    public void No_calls_no_ratio()
    {
        Assert.Null(DegradedModePolicy.FailureRatio(new Dictionary<string, long>()));
    }

    [Fact]
    public void Too_few_calls_are_no_evidence()
    {
        var few = new Dictionary<string, long> { ["trade.fullinfo.get:success"] = 3, ["trade.fullinfo.get:transient"] = 1 };
        var enough = new Dictionary<string, long> { ["trade.fullinfo.get:success"] = 19, ["trade.fullinfo.get:transient"] = 1 };

        Assert.Null(DegradedModePolicy.Default.Ratio(few));
        Assert.Equal(0.05, DegradedModePolicy.Default.Ratio(enough)!.Value, 6);
        Assert.Equal(DegradedModePolicy.Default.AfterIncrement(ShopHealth.Normal, null, Now), ShopHealth.Normal);
    }

    [Fact]
    public void Three_increments_in_a_row_over_the_line_degrade_the_shop_and_one_under_it_resets_the_count()
    {
        var health = ShopHealth.Normal;
        health = DegradedModePolicy.Default.AfterIncrement(health, 0.2, Now);
        health = DegradedModePolicy.Default.AfterIncrement(health, 0.2, Now);
        Assert.Equal((SyncMode.Normal, 2), (health.Mode, health.HotRuns));
        var reset = DegradedModePolicy.Default.AfterIncrement(health, 0.05, Now);
        Assert.Equal((SyncMode.Normal, 0), (reset.Mode, reset.HotRuns));

        var degraded = DegradedModePolicy.Default.AfterIncrement(health, 0.06, Now);

        Assert.Equal(SyncMode.Degraded, degraded.Mode);
        Assert.Equal(Now, degraded.DegradedSince);
        Assert.True(DegradedModePolicy.Default.IsCheckDue(degraded, Now));
    }

    [Fact]
    public void A_degraded_shop_is_checked_hourly_and_recovers_on_the_first_check_at_or_under_the_line()
    {
        var degraded = new ShopHealth(SyncMode.Degraded, 3, 0.2, Now, null);

        var stillBad = DegradedModePolicy.Default.AfterCheck(degraded, 0.3, Now);
        Assert.Equal((SyncMode.Degraded, (Instant?)Now), (stillBad.Mode, stillBad.CheckedAt));
        Assert.False(DegradedModePolicy.Default.IsCheckDue(stillBad, Now + Duration.FromMinutes(59)));
        Assert.True(DegradedModePolicy.Default.IsCheckDue(stillBad, Now + Duration.FromHours(1)));
        Assert.Equal(SyncMode.Degraded, DegradedModePolicy.Default.AfterCheck(stillBad, null, Now).Mode);

        var recovered = DegradedModePolicy.Default.AfterCheck(stillBad, 0.05, Now + Duration.FromHours(1));
        Assert.Equal((SyncMode.Normal, 0), (recovered.Mode, recovered.HotRuns));
    }

    [Fact]
    public void A_normal_shop_is_never_due_a_check_and_an_increment_does_not_move_a_degraded_one()
    {
        var degraded = new ShopHealth(SyncMode.Degraded, 3, 0.2, Now, Now);

        Assert.False(DegradedModePolicy.Default.IsCheckDue(ShopHealth.Normal, Now));
        Assert.Equal(degraded, DegradedModePolicy.Default.AfterIncrement(degraded, 0.0, Now));
    }
}
