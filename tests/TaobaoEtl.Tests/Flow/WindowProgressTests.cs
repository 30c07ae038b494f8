using NodaTime;
using TaobaoEtl.Flow;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;
using static TaobaoEtl.Tests.Windows.Shanghai;

namespace TaobaoEtl.Tests.Flow;

/// <summary>
/// A window is done only when all its pages are listed AND all its trades are committed; its checkpoint
/// rides with the batch holding its last trade, or is committed alone when no batch can carry it.
/// </summary>
public sealed class WindowProgressTests
{
    private static WindowProgress NewWindow() =>
        new(new SyncShop("s1", "nick", new TopSession("secret")),
            new TradeWindow("s1", SyncStream.Trade, WindowKind.IncrementSlice,
                new Interval(At("2026-11-11 00:00:00"), At("2026-11-11 00:30:00"))), runId: 7);

    [Fact]
    public void The_checkpoint_rides_with_the_batch_holding_the_last_trade_once_every_page_is_listed()
    {
        var window = NewWindow();
        window.AddListed(3);
        window.AddListed(2);
        Assert.False(window.MarkListed(5));

        Assert.False(window.EnterBatch(3, 3));
        Assert.False(window.LeaveBatch());
        Assert.True(window.EnterBatch(2, 2));
        Assert.False(window.LeaveBatch());
        Assert.True(window.IsClaimed);
        Assert.Equal(new TaobaoEtl.State.WindowTally(2, 5, 5, 0), window.Checkpoint().Tally);
    }

    [Fact]
    public void A_window_whose_trades_are_all_committed_before_its_listing_ends_is_closed_alone_at_the_end()
    {
        var window = NewWindow();
        window.AddListed(2);
        Assert.False(window.EnterBatch(2, 2));
        Assert.False(window.LeaveBatch());
        Assert.False(window.IsClaimed);

        window.AddListed(0);
        Assert.True(window.MarkListed(2));
        Assert.True(window.IsClaimed);
    }

    [Fact]
    public void The_last_batch_does_not_carry_the_checkpoint_while_an_earlier_batch_of_the_window_is_uncommitted()
    {
        var window = NewWindow();
        window.AddListed(4);
        window.MarkListed(4);
        Assert.False(window.EnterBatch(2, 2));
        Assert.False(window.EnterBatch(2, 2));

        // The later batch commits first: the earlier one could still fail, so the window is not done yet.
        Assert.False(window.LeaveBatch());
        Assert.False(window.IsClaimed);
        Assert.True(window.LeaveBatch());
    }

    [Fact]
    public void A_window_whose_every_trade_is_known_is_closed_alone_by_the_filter_and_an_empty_one_by_its_listing()
    {
        var known = NewWindow();
        known.AddListed(3);
        Assert.False(known.MarkListed(3));
        Assert.True(known.Skip(3));

        var empty = NewWindow();
        empty.AddListed(0);
        Assert.True(empty.MarkListed(0));
    }

    [Fact]
    public void The_checkpoint_is_claimed_once_only()
    {
        var window = NewWindow();
        window.AddListed(1);
        window.MarkListed(1);
        Assert.True(window.EnterBatch(1, 1));
        Assert.False(window.LeaveBatch());
        Assert.False(window.Skip(0));
        Assert.Throws<InvalidOperationException>(() => window.MarkListed(1));
    }
}
