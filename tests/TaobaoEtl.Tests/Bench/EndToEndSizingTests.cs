using TaobaoEtl.Bench.EndToEnd;
using TaobaoEtl.TopSim;

namespace TaobaoEtl.Tests.Bench;

public sealed class EndToEndSizingTests
{
    [Theory]
    [InlineData(1_000_000, SimPreset.Large, 90)]
    [InlineData(100_000, SimPreset.Large, 10)]
    [InlineData(20_000, SimPreset.Large, 2)]
    [InlineData(2_000, SimPreset.Small, 10)]
    [InlineData(200, SimPreset.Small, 1)]
    public void The_world_and_days_hold_at_least_the_asked_trades(long trades, SimPreset preset, int days)
    {
        var size = WorldSize.Of(WorldSize.PresetFor(trades), trades);

        Assert.Equal(new WorldSize(preset, days), size);
    }

    [Fact]
    public void Backfill_days_stop_at_the_three_month_limit_of_the_list_methods()
    {
        Assert.Equal(WorldSize.MaxBackfillDays, WorldSize.Of(SimPreset.Large, 5_000_000).BackfillDays);
    }

    [Fact]
    public void Stage_shares_come_from_the_summary_line_and_sum_to_one()
    {
        const string summary = "backfill (run 1) succeeded in 3.0 s\n  detail calls      10\n  stage busy s      list 1.00, filter 0.50, fetch 6.00, normalize 0.50, sink 2.00\n  trades/s          3.3\n";

        var busy = StageShares.BusySeconds(summary);
        var shares = StageShares.Of(busy);

        Assert.Equal(["list", "filter", "fetch", "normalize", "sink"], busy.Keys);
        Assert.Equal(0.6, shares["fetch"], 6);
        Assert.Equal(1.0, shares.Values.Sum(), 6);
    }

    [Fact]
    public void A_summary_without_busy_times_has_no_shares()
    {
        Assert.Empty(StageShares.Of(StageShares.BusySeconds("increment (run 2) failed in 0.1 s\n")));
    }
}
