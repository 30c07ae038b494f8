using NodaTime;
using TaobaoEtl.Fetch;
using TaobaoEtl.Tests.Windows;

namespace TaobaoEtl.Tests.Fetch;

public sealed class KnownFilterRuleTests
{
    private static readonly Instant Modified = Shanghai.At("2026-11-11 00:00:05");

    [Fact]
    public void A_trade_never_stored_is_fetched()
    {
        Assert.False(KnownFilterRule.IsKnownCurrent(Modified, null));
    }

    [Theory]
    [InlineData(6000)]
    [InlineData(6001)]
    [InlineData(60_000)]
    public void A_copy_with_the_same_modified_fetched_a_clock_skew_after_its_second_is_known_current(int fetchedAfterMs)
    {
        var stored = new KnownFilterStoredCopy(Modified, Modified + Duration.FromMilliseconds(fetchedAfterMs));

        Assert.True(KnownFilterRule.IsKnownCurrent(Modified, stored));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(999)]
    public void A_copy_fetched_within_its_modified_second_is_fetched_again_because_a_second_change_in_that_second_may_be_missing(int fetchedAfterMs)
    {
        var stored = new KnownFilterStoredCopy(Modified, Modified + Duration.FromMilliseconds(fetchedAfterMs));

        Assert.False(KnownFilterRule.IsKnownCurrent(Modified, stored));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1800)]
    [InlineData(5999)]
    public void A_copy_read_within_the_clock_skew_after_its_second_is_fetched_again_because_the_gateway_clock_may_run_ahead(int fetchedAfterMs)
    {
        // fetched_at is on the gateway's clock, modified on the trade service's: a gateway 1.5 s ahead dates a read at
        // S.5 as S+1.8 while a second change at S.8 is not in the copy.
        var stored = new KnownFilterStoredCopy(Modified, Modified + Duration.FromMilliseconds(fetchedAfterMs));

        Assert.False(KnownFilterRule.IsKnownCurrent(Modified, stored));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void A_copy_with_another_modified_is_fetched(int storedOffsetSeconds)
    {
        var stored = new KnownFilterStoredCopy(Modified + Duration.FromSeconds(storedOffsetSeconds), Modified + Duration.FromMinutes(5));

        Assert.False(KnownFilterRule.IsKnownCurrent(Modified, stored));
    }

    [Fact]
    public void A_copy_claiming_a_fetch_before_its_modified_is_fetched()
    {
        var stored = new KnownFilterStoredCopy(Modified, Modified - Duration.FromSeconds(3));

        Assert.False(KnownFilterRule.IsKnownCurrent(Modified, stored));
    }
}
