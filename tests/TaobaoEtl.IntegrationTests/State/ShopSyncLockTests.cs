using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using TaobaoEtl.Windows;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class ShopSyncLockTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_second_run_of_the_same_shop_and_stream_is_refused_until_the_first_ends()
    {
        var shop = NewShop();
        var first = await ShopSyncLock.TryAcquireAsync(database.DataSource, shop, SyncStream.Trade, CancellationToken.None);
        Assert.NotNull(first);

        Assert.Null(await ShopSyncLock.TryAcquireAsync(database.DataSource, shop, SyncStream.Trade, CancellationToken.None));
        await using (var refunds = await ShopSyncLock.TryAcquireAsync(database.DataSource, shop, SyncStream.Refund, CancellationToken.None))
            Assert.NotNull(refunds);
        await using (var otherShop = await ShopSyncLock.TryAcquireAsync(database.DataSource, NewShop(), SyncStream.Trade, CancellationToken.None))
            Assert.NotNull(otherShop);

        await first.DisposeAsync();
        await using var again = await ShopSyncLock.TryAcquireAsync(database.DataSource, shop, SyncStream.Trade, CancellationToken.None);
        Assert.NotNull(again);
    }
}
