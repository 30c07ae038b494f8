using NodaTime;
using TaobaoEtl.Flow;
using TaobaoEtl.Paging;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;
using static TaobaoEtl.Tests.Windows.Shanghai;

namespace TaobaoEtl.Tests.Flow;

/// <summary>
/// Issue 15, loss path 11: a changed trade on the second where two slices meet is listed by both (concurrently) and was
/// fetched twice. One run's in-flight set sends it once, and the second window is done only after that copy commits.
/// </summary>
public sealed class InFlightDetailsTests
{
    private static readonly SyncShop Shop = new("s1", "nick", new TopSession("secret"));
    private static readonly Instant Edge = At("2026-11-11 00:30:00");
    private static readonly Instant Later = Edge + Duration.FromMinutes(5);

    private static WindowProgress Slice(Instant start, Instant end) =>
        new(Shop, new TradeWindow("s1", SyncStream.Trade, WindowKind.IncrementSlice, new Interval(start, end)), runId: 3);

    [Fact]
    public void A_trade_listed_by_both_slices_of_its_edge_second_is_fetched_once_and_the_second_slice_is_done_only_after_the_copy_commits()
    {
        var inFlight = new InFlightDetails();
        var first = Slice(Edge - Duration.FromMinutes(30), Edge);
        var second = Slice(Edge, Edge + Duration.FromMinutes(30));
        var trade = new ListedTrade(42, Edge);

        first.AddListed(1);
        second.AddListed(1);
        Assert.True(inFlight.Claim(first, trade, Later));
        Assert.False(inFlight.Claim(second, trade, Later));

        // The second slice is listed completely, but the trade it did not send is still pending: not done.
        Assert.False(second.MarkListed(1));
        Assert.False(second.IsClaimed);

        // The first copy commits (in the first slice's batch): now the second slice is resolved, and closes alone.
        Assert.Equal([second], inFlight.Committed([(first, 42L)]));
        Assert.True(second.IsClaimed);
    }

    [Fact]
    public void A_newer_change_of_a_trade_in_flight_is_fetched_again()
    {
        var inFlight = new InFlightDetails();
        var window = Slice(Edge - Duration.FromMinutes(30), Edge + Duration.FromMinutes(30));

        Assert.True(inFlight.Claim(window, new ListedTrade(42, Edge), Later));
        Assert.True(inFlight.Claim(window, new ListedTrade(42, Edge + Duration.FromSeconds(7)), Later));
    }

    [Fact]
    public void A_trade_whose_second_had_not_ended_when_its_copy_was_claimed_is_fetched_again()
    {
        // That copy may be read inside the second and miss a second change within it (top-api.md §2a).
        var inFlight = new InFlightDetails();
        var first = Slice(Edge - Duration.FromMinutes(30), Edge + Duration.FromSeconds(1));
        var second = Slice(Edge, Edge + Duration.FromMinutes(30));
        var trade = new ListedTrade(42, Edge);

        Assert.True(inFlight.Claim(first, trade, Edge + Duration.FromMilliseconds(800)));
        Assert.True(inFlight.Claim(second, trade, Later));
    }

    [Fact]
    public void A_copy_that_never_commits_leaves_the_waiting_window_not_done()
    {
        var inFlight = new InFlightDetails();
        var first = Slice(Edge - Duration.FromMinutes(30), Edge);
        var second = Slice(Edge, Edge + Duration.FromMinutes(30));
        second.AddListed(1);
        inFlight.Claim(first, new ListedTrade(42, Edge), Later);
        inFlight.Claim(second, new ListedTrade(42, Edge), Later);

        Assert.False(second.MarkListed(1));
        // Another window's commit of the same tid is not the copy it waits for.
        Assert.Empty(inFlight.Committed([(Slice(Later, Later + Duration.FromMinutes(1)), 42L)]));
        Assert.False(second.IsClaimed);
    }
}
