using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using TaobaoEtl.Windows;
using static TaobaoEtl.IntegrationTests.Sink.SinkTrades;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.Sink;

/// <summary>
/// Owed refunds (issue 18) in <c>etl.owed_trade</c> with stream 'refund' (the key column holds the refund_id): written,
/// counted and resolved through the sink like trades, by a stored refund at or after the listed version, and never
/// confused with a trade that carries the same number.
/// </summary>
public sealed class OwedRefundRowsTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private const long RefundId = 7;
    private const string Method = "taobao.refund.get";

    private static OwedTrade OwedRefund(string shop, int listedSecond, int attemptSecond) =>
        OwedTrade.ForRefund(shop, RefundId, OwedCause.DeadLetter, "code 15 isv.refund-not-exist", Base + Duration.FromSeconds(attemptSecond),
            Base + Duration.FromSeconds(listedSecond));

    private Task<long> OpenAsync(string shop, string stream) =>
        SinkTables.ScalarAsync<long>(db, $"SELECT count(*) FROM etl.owed_trade WHERE shop_id = @shop AND stream = '{stream}' AND resolved_at IS NULL", shop);

    [Fact]
    public async Task An_owed_refund_is_written_with_its_stream_and_counted_by_the_book()
    {
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [OwedRefund(shop, 20, 30)], RunId = 41 }, CancellationToken.None);
        var book = new OwedTradeBook(db.DataSource);

        Assert.Equal(1, await OpenAsync(shop, "refund"));
        Assert.Equal([RefundId], await book.OpenTidsAsync(shop, SyncStream.Refund, CancellationToken.None));
        Assert.Empty(await book.OpenTidsAsync(shop, CancellationToken.None));
        Assert.Equal([RefundId], await book.DueAsync(shop, SyncStream.Refund, Base + Duration.FromDays(1), 10, CancellationToken.None));
        Assert.Empty(await book.DueAsync(shop, Base + Duration.FromDays(1), 10, CancellationToken.None));
        // Not due before its backoff has passed, as a trade.
        Assert.Empty(await book.DueAsync(shop, SyncStream.Refund, Base + Duration.FromSeconds(30), 10, CancellationToken.None));

        var tally = await book.TallyAsync([shop], 41, CancellationToken.None);
        Assert.Equal((1L, 1L, 0L, 0L, 1L), (tally.Open, tally.New, tally.Resolved, tally.OpenTrades, tally.OpenRefunds));
        var first = Assert.Single(tally.FirstOpen);
        Assert.Equal((SyncStream.Refund, RefundId, "dead_letter"), (first.Stream, first.Tid, first.Cause));
        Assert.Equal(0, (await book.TallyAsync([shop], SyncStream.Trade, 41, CancellationToken.None)).Open);
        Assert.Equal(1, (await book.TallyAsync([shop], SyncStream.Refund, 41, CancellationToken.None)).Open);
    }

    [Fact]
    public async Task An_owed_refund_resolves_only_on_a_stored_refund_at_or_after_its_listed_modified()
    {
        // The listing named modified 20; an older copy (read at 10 before the change) committed after the refusal must
        // leave it owed, the listed version closes it, in the run that stored it.
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [OwedRefund(shop, listedSecond: 20, attemptSecond: 30)] }, CancellationToken.None);
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Refunds = [Refund(shop, RefundId, 10, 11, "WAIT_SELLER_AGREE")] }, CancellationToken.None);
        Assert.Equal(1, await OpenAsync(shop, "refund"));

        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Refunds = [Refund(shop, RefundId, 20, 40, "SUCCESS")], RunId = 42 }, CancellationToken.None);
        Assert.Equal(0, await OpenAsync(shop, "refund"));
        Assert.Equal(42L, await SinkTables.ScalarAsync<long>(db, "SELECT resolved_run_id FROM etl.owed_trade WHERE shop_id = @shop AND stream = 'refund'", shop));
    }

    [Fact]
    public async Task A_refund_owed_again_in_the_batch_that_stores_it_stays_owed()
    {
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [OwedRefund(shop, listedSecond: 20, attemptSecond: 30)] }, CancellationToken.None);
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch
        {
            Refunds = [Refund(shop, RefundId, 20, 40, "SUCCESS")],
            Owed = [OwedRefund(shop, listedSecond: 25, attemptSecond: 50)],
        }, CancellationToken.None);

        Assert.Equal(1, await OpenAsync(shop, "refund"));
        Assert.Equal(2, await SinkTables.ScalarAsync<int>(db, "SELECT attempts FROM etl.owed_trade WHERE shop_id = @shop AND resolved_at IS NULL", shop));
    }

    [Fact]
    public async Task A_trade_and_a_refund_with_the_same_number_are_owed_and_resolved_apart()
    {
        var shop = NewShop();
        var tradeOwed = new OwedTrade(shop, RefundId, OwedCause.Quarantine, "modified: is missing", Base + Duration.FromSeconds(30), Base + Duration.FromSeconds(20));
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [tradeOwed, OwedRefund(shop, 20, 30)] }, CancellationToken.None);
        Assert.Equal((1L, 1L), (await OpenAsync(shop, "trade"), await OpenAsync(shop, "refund")));
        var book = new OwedTradeBook(db.DataSource);
        Assert.Equal([RefundId], await book.OpenTidsAsync(shop, SyncStream.Trade, CancellationToken.None));
        Assert.Equal([RefundId], await book.OpenTidsAsync(shop, SyncStream.Refund, CancellationToken.None));

        // A later attempt at the trade counts on the trade's row only.
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [tradeOwed with { AttemptedAt = Base + Duration.FromSeconds(60) }] }, CancellationToken.None);
        Assert.Equal(2, await SinkTables.ScalarAsync<int>(db, "SELECT attempts FROM etl.owed_trade WHERE shop_id = @shop AND stream = 'trade' AND resolved_at IS NULL", shop));
        Assert.Equal(1, await SinkTables.ScalarAsync<int>(db, "SELECT attempts FROM etl.owed_trade WHERE shop_id = @shop AND stream = 'refund' AND resolved_at IS NULL", shop));

        // The trade stored resolves the owed trade, not the owed refund with its number; then the refund stored resolves it.
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, RefundId, 20, 40)] }, CancellationToken.None);
        Assert.Equal((0L, 1L), (await OpenAsync(shop, "trade"), await OpenAsync(shop, "refund")));
        var tally = await book.TallyAsync([shop], 0, CancellationToken.None);
        Assert.Equal((1L, 0L, 1L), (tally.Open, tally.OpenTrades, tally.OpenRefunds));

        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Refunds = [Refund(shop, RefundId, 20, 40, "SUCCESS")] }, CancellationToken.None);
        Assert.Equal(0, await OpenAsync(shop, "refund"));
    }

    [Fact]
    public async Task A_stored_trade_leaves_the_owed_refund_with_its_number_open()
    {
        // The other direction on its own: a refund's owed row must not be resolved by a trade.
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [OwedRefund(shop, 20, 30)] }, CancellationToken.None);
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, RefundId, 20, 40)] }, CancellationToken.None);
        Assert.Equal(1, await OpenAsync(shop, "refund"));
    }

    [Fact]
    public async Task A_stored_refund_closes_its_open_refund_dead_letter_in_the_same_transaction_and_not_the_trade_one()
    {
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch
        {
            DeadLetters = [DeadLetter.ForRefund(shop, RefundId, Method, Base), DeadLetter.ForTrade(shop, RefundId, "taobao.trade.fullinfo.get", Base)],
            Owed = [OwedRefund(shop, 20, 30)],
        }, CancellationToken.None);
        var letters = new DeadLetterBook(db.DataSource);
        Assert.Equal([RefundId], await letters.OpenTidsAsync(shop, SyncStream.Refund, CancellationToken.None));
        Assert.Equal([RefundId], await letters.OpenTidsAsync(shop, CancellationToken.None));

        // Rolled back, the refund closes nothing.
        await using (var sink = await CopySink.BeginAsync(db.DataSource, CancellationToken.None))
            await sink.WriteAsync(new SinkBatch { Refunds = [Refund(shop, RefundId, 20, 40, "SUCCESS")] }, CancellationToken.None);
        Assert.Equal([RefundId], await letters.OpenTidsAsync(shop, SyncStream.Refund, CancellationToken.None));
        Assert.Equal(1, await OpenAsync(shop, "refund"));

        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Refunds = [Refund(shop, RefundId, 20, 40, "SUCCESS")] }, CancellationToken.None);
        Assert.Empty(await letters.OpenTidsAsync(shop, SyncStream.Refund, CancellationToken.None));
        Assert.Equal(0, await OpenAsync(shop, "refund"));
        Assert.Equal([RefundId], await letters.OpenTidsAsync(shop, SyncStream.Trade, CancellationToken.None));
    }
}
