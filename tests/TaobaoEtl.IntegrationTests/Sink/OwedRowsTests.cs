using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Sink;
using static TaobaoEtl.IntegrationTests.Sink.SinkTrades;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.Sink;

/// <summary>
/// <c>etl.owed_trade</c> through the sink: an owed trade resolves only when the stored copy holds the version its listing
/// named, so a stale copy another window fetched earlier and committed later cannot close it.
/// </summary>
public sealed class OwedRowsTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private const long Tid = 7;

    private static OwedTrade Owed(string shop, int listedSecond, int attemptSecond) =>
        new(shop, Tid, OwedCause.DeadLetter, "code 15 isv.trade-not-exist", Base + Duration.FromSeconds(attemptSecond), Base + Duration.FromSeconds(listedSecond));

    private Task<long> OpenAsync(string shop) =>
        SinkTables.ScalarAsync<long>(db, "SELECT count(*) FROM etl.owed_trade WHERE shop_id = @shop AND resolved_at IS NULL", shop);

    [Fact]
    public async Task An_older_copy_committed_after_the_refusal_leaves_the_trade_owed_and_the_listed_version_resolves_it()
    {
        // Window B listed the trade at second 20 and its fetch was refused; window A's copy, read at second 10 before the
        // change, commits after. Resolving on it would leave the trade at 10 in staging for good (B's slice is done).
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [Owed(shop, listedSecond: 20, attemptSecond: 30)] }, CancellationToken.None);
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, Tid, 10, 11)] }, CancellationToken.None);
        Assert.Equal(1, await OpenAsync(shop));

        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, Tid, 20, 40)] }, CancellationToken.None);
        Assert.Equal(0, await OpenAsync(shop));
    }

    [Fact]
    public async Task A_stale_copy_resolves_the_owed_row_when_the_stored_copy_already_holds_the_listed_version()
    {
        // The rule asks what staging holds, not what the batch carries: a late old copy finds the newer one stored.
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, Tid, 25, 26)] }, CancellationToken.None);
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [Owed(shop, listedSecond: 20, attemptSecond: 30)] }, CancellationToken.None);
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, Tid, 10, 11)] }, CancellationToken.None);
        Assert.Equal(0, await OpenAsync(shop));
    }

    [Fact]
    public async Task An_owed_row_without_a_listed_version_resolves_on_any_copy()
    {
        var shop = NewShop();
        var owed = new OwedTrade(shop, Tid, OwedCause.Quarantine, "modified: is missing", Base + Duration.FromSeconds(30));
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [owed] }, CancellationToken.None);
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, Tid, 10, 11)] }, CancellationToken.None);
        Assert.Equal(0, await OpenAsync(shop));
    }

    [Fact]
    public async Task Owed_again_keeps_the_greatest_listed_version_whatever_the_order_of_the_attempts()
    {
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [Owed(shop, listedSecond: 20, attemptSecond: 30)] }, CancellationToken.None);
        // A later attempt from a listing of an older version, or an owed retry (no listing), must not lower the bar.
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Owed = [Owed(shop, listedSecond: 15, attemptSecond: 40)] }, CancellationToken.None);
        Assert.Equal(Base + Duration.FromSeconds(20), await ListedAsync(shop));
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch
        {
            Owed = [new OwedTrade(shop, Tid, OwedCause.DeadLetter, "code 15", Base + Duration.FromSeconds(50))],
        }, CancellationToken.None);
        Assert.Equal(Base + Duration.FromSeconds(20), await ListedAsync(shop));

        // An attempt at the same instant with a newer listing (a fake clock, or two windows in one batch) raises it
        // without counting an attempt.
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch
        {
            Owed = [Owed(shop, listedSecond: 22, attemptSecond: 50), Owed(shop, listedSecond: 21, attemptSecond: 50)],
        }, CancellationToken.None);
        Assert.Equal(Base + Duration.FromSeconds(22), await ListedAsync(shop));
        Assert.Equal(3, await SinkTables.ScalarAsync<int>(db, "SELECT attempts FROM etl.owed_trade WHERE shop_id = @shop AND resolved_at IS NULL", shop));
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, Tid, 21, 60)] }, CancellationToken.None);
        Assert.Equal(1, await OpenAsync(shop));
    }

    private Task<Instant> ListedAsync(string shop) =>
        SinkTables.ScalarAsync<Instant>(db, "SELECT listed_modified FROM etl.owed_trade WHERE shop_id = @shop AND resolved_at IS NULL", shop);
}
