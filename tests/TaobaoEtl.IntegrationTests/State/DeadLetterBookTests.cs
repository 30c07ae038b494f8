using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class DeadLetterBookTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_refused_tid_stays_open_once_with_its_attempts_until_its_refetch_commits()
    {
        var shop = NewShop();
        var book = new DeadLetterBook(database.DataSource);
        var ledger = new WindowLedger(database.DataSource);
        const long tid = 9_007_199_254_740_993L;
        await book.RecordAsync(new TradeDeadLetter(shop, tid, "taobao.trade.fullinfo.get", 15, "isv.trade-not-exist", "交易订单不存在", "req1", null), CancellationToken.None);
        await book.RecordAsync(new TradeDeadLetter(shop, tid, "taobao.trade.fullinfo.get", 15, "isv.trade-not-exist", "交易订单不存在", "req2", null), CancellationToken.None);
        await book.RecordAsync(new TradeDeadLetter(shop, 42, "taobao.trade.fullinfo.get", 15, "isv.invalid-permission", null, null, null), CancellationToken.None);

        Assert.Equal([42L, tid], await book.OpenTidsAsync(shop, CancellationToken.None));
        Assert.Equal(2, await database.ScalarAsync<int>($"SELECT attempts FROM etl.dead_letter WHERE shop_id = '{shop}' AND tid = {tid}"));

        await ledger.CommitAsync([DeadLetterBook.Resolve(shop, tid)], CancellationToken.None);

        Assert.Equal([42L], await book.OpenTidsAsync(shop, CancellationToken.None));
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT count(*) FROM etl.dead_letter WHERE shop_id = '{shop}' AND tid = {tid} AND resolved_at IS NOT NULL"));
    }
}
