using TaobaoEtl.Bench.Calls;

namespace TaobaoEtl.Tests.Bench;

public sealed class MinimumCallsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(250, 3)]
    public void A_window_costs_ceil_of_listed_over_100_list_calls_and_never_less_than_one(long listed, long calls) =>
        Assert.Equal(calls, MinimumCalls.ListCalls(new ListedWindow(listed, 0)));

    [Fact]
    public void Backfill_minimum_is_list_pages_per_day_plus_one_detail_call_per_trade()
    {
        ListedWindow[] days = [ListedWindow.Backfill(250), ListedWindow.Backfill(0), ListedWindow.Backfill(100)];

        Assert.Equal(3 + 1 + 1 + 350, MinimumCalls.Of(days));
        Assert.Equal(355.0 / 350, MinimumCalls.PerChangedTrade(days));
    }

    [Fact]
    public void An_increment_with_look_back_pays_details_only_for_changed_trades()
    {
        ListedWindow[] slices = [new(120, 20), new(80, 0)];

        Assert.Equal(2 + 20 + 1, MinimumCalls.Of(slices));
    }

    [Fact]
    public void Nothing_changed_has_no_per_trade_minimum() =>
        Assert.Null(MinimumCalls.PerChangedTrade([new ListedWindow(30, 0)]));

    [Fact]
    public void More_changed_than_listed_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MinimumCalls.Of([new ListedWindow(1, 2)]));
}
