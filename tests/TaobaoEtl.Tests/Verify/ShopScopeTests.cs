using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Verify;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Verify;

/// <summary>The in-scope and pending rule, and where its edges come from when nothing is overridden.</summary>
public sealed class ShopScopeTests
{
    private static Instant Shanghai(int month, int day, int hour, int minute = 0, int second = 0) =>
        new LocalDateTime(2026, month, day, hour, minute, second).InZoneStrictly(PlatformTime.Zone).ToInstant();

    private static readonly Instant Now = Shanghai(10, 15, 10);

    [Fact]
    public void With_an_empty_database_the_scope_is_a_first_runs_backfill_and_its_look_back()
    {
        var scope = ShopScope.Derive("s", "nick", null, null, null, VerifyScope.AllShops, Now);

        Assert.Equal(Shanghai(10, 15, 0), scope.InitialWatermark);
        Assert.Equal(Shanghai(7, 15, 0), scope.BackfillFrom); // the platform's horizon of 10-15, as BackfillCalendar plans them
        Assert.Equal(scope.InitialWatermark, scope.Watermark);
        Assert.Equal(Duration.FromMinutes(10), scope.LookBack);
        Assert.Equal(Shanghai(10, 14, 23, 50), scope.PendingFrom);
    }

    [Fact]
    public void The_ledger_and_the_watermark_decide_when_present()
    {
        var ledger = new Interval(Shanghai(10, 1, 0), Shanghai(10, 11, 0));
        var scope = ShopScope.Derive("s", "nick", ledger, Shanghai(10, 15, 9, 30), Shanghai(10, 15, 8), VerifyScope.AllShops, Now);

        Assert.Equal((ledger.Start, ledger.End), (scope.BackfillFrom, scope.InitialWatermark));
        Assert.Equal(Shanghai(10, 15, 9, 20), scope.PendingFrom);
        Assert.Equal(Shanghai(10, 15, 7, 50), scope.RefundPendingFrom);
    }

    [Fact]
    public void Overrides_win_over_the_database()
    {
        var ledger = new Interval(Shanghai(10, 1, 0), Shanghai(10, 11, 0));
        var overrides = new VerifyScope { InitialWatermark = Shanghai(10, 12, 0), BackfillDays = 2, Watermark = Now, LookBack = Duration.Zero };

        var scope = ShopScope.Derive("s", null, ledger, Shanghai(10, 15, 9), null, overrides, Now);

        Assert.Equal((Shanghai(10, 10, 0), Shanghai(10, 12, 0), Now), (scope.BackfillFrom, scope.InitialWatermark, scope.PendingFrom));
    }

    [Fact]
    public void On_a_peak_day_the_next_increments_wider_look_back_makes_more_pending()
    {
        var peakNow = Shanghai(11, 11, 0, 20);
        var scope = ShopScope.Derive("s", "nick", null, Shanghai(11, 11, 0, 10), null, new VerifyScope { Sync = new SyncOptions() }, peakNow);

        Assert.Equal(Duration.FromMinutes(30), scope.LookBack);
        Assert.Equal(Shanghai(11, 10, 23, 40), scope.PendingFrom);
    }

    [Theory]
    [InlineData(10, 11, 23, 59, 59, 10, 14, 23, 0, 0, false)] // created the second before the backfill's first day
    [InlineData(10, 12, 0, 0, 0, 10, 12, 0, 0, 0, true)]     // created at the first day's 00:00
    [InlineData(10, 14, 23, 59, 59, 10, 14, 23, 59, 59, true)]
    [InlineData(10, 1, 0, 0, 0, 10, 14, 23, 59, 59, false)]  // old, last changed before the initial watermark
    [InlineData(10, 1, 0, 0, 0, 10, 15, 0, 0, 0, true)]      // old, changed at the initial watermark: the increments'
    public void A_trade_is_covered_when_the_backfill_or_an_increment_lists_it(
        int cm, int cd, int ch, int cmin, int cs, int mm, int md, int mh, int mmin, int ms, bool covered)
    {
        var scope = new ShopScope("s", "n", Shanghai(10, 12, 0), Shanghai(10, 15, 0), Now, Duration.FromMinutes(10), Now);
        Assert.Equal(covered, scope.Covers(Shanghai(cm, cd, ch, cmin, cs), Shanghai(mm, md, mh, mmin, ms)));
    }

    [Theory]
    [InlineData(9, 59, 59, false)] // shown the second before the watermark: the last increment listed it
    [InlineData(10, 0, 0, true)]   // shown at the watermark: after the listing, the next look-back's
    [InlineData(10, 20, 0, true)]  // not shown yet
    public void With_indexed_at_a_change_is_pending_only_when_the_index_showed_it_at_or_after_the_watermark(int hour, int minute, int second, bool pending)
    {
        var scope = new ShopScope("s", "n", Shanghai(10, 12, 0), Shanghai(10, 15, 0), Now, Duration.FromMinutes(10), Now);

        // Changed well inside the look-back band: the band alone would call every one of these pending.
        Assert.Equal(pending, scope.IsPending(Shanghai(10, 15, 9, 55), Shanghai(10, 15, hour, minute, second)));
    }

    [Fact]
    public void A_change_the_index_showed_before_the_watermark_is_owed_however_recent_its_modified()
    {
        var scope = new ShopScope("s", "n", Shanghai(10, 12, 0), Shanghai(10, 15, 0), Now, Duration.FromMinutes(30), Now);

        Assert.False(scope.IsPending(Now - Duration.FromSeconds(1), Now - Duration.FromSeconds(1)));
        Assert.True(scope.IsPending(Now - Duration.FromMinutes(29), Now));
    }

    [Fact]
    public void Without_indexed_at_a_change_from_watermark_minus_look_back_on_is_pending()
    {
        var scope = new ShopScope("s", "n", Shanghai(10, 12, 0), Shanghai(10, 15, 0), Now, Duration.FromMinutes(10), Now);

        Assert.False(scope.IsPending(Shanghai(10, 15, 9, 49, 59)));
        Assert.True(scope.IsPending(Shanghai(10, 15, 9, 50)));
        Assert.True(scope.IsPending(Now + Duration.FromHours(1)));
        Assert.True(scope.OwesRefund(Shanghai(10, 15, 9, 49, 59)));
        Assert.False(scope.OwesRefund(Shanghai(10, 15, 9, 50)));
    }

    [Fact]
    public void The_refund_stream_owes_the_refunds_changed_from_the_first_backfill_day_whatever_their_trade()
    {
        // Backfill days from 10-12 00:00; the refund watermark now, look-back 10 minutes.
        var scope = new ShopScope("s", "n", Shanghai(10, 12, 0), Shanghai(10, 15, 0), Now, Duration.FromMinutes(10), Now);

        Assert.False(scope.OwesRefund(Shanghai(10, 11, 23, 59, 59)));
        Assert.True(scope.OwesRefund(Shanghai(10, 12, 0)));
        Assert.True(scope.OwesRefund(Shanghai(10, 14, 12)));
    }
}
