using Npgsql;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using TaobaoEtl.Windows;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class ShopSyncLockTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const SyncStream Trade = SyncStream.Trade;

    [Fact]
    public async Task A_second_run_of_the_same_work_is_refused_until_the_first_ends()
    {
        var shop = NewShop();
        var first = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        Assert.True(await first.TryAcquireAsync(shop, Trade, WindowKind.IncrementSlice, CancellationToken.None));

        await using (var second = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None))
        {
            Assert.False(await second.TryAcquireAsync(shop, Trade, WindowKind.IncrementSlice, CancellationToken.None));
            Assert.True(await second.TryAcquireAsync(shop, SyncStream.Refund, WindowKind.IncrementSlice, CancellationToken.None));
            Assert.True(await second.TryAcquireAsync(NewShop(), Trade, WindowKind.IncrementSlice, CancellationToken.None));
        }

        await first.DisposeAsync();
        await using var again = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        Assert.True(await again.TryAcquireAsync(shop, Trade, WindowKind.IncrementSlice, CancellationToken.None));
    }

    [Fact]
    public async Task A_backfill_and_an_increment_of_one_shop_hold_their_locks_at_the_same_time()
    {
        // They list disjoint windows (created before today 00:00 / modified since the watermark): an
        // hours-long backfill must not make every increment of its shop skip it and "succeed".
        var shop = NewShop();
        await using var backfill = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        await using var increment = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);

        Assert.True(await backfill.TryAcquireAsync(shop, Trade, WindowKind.BackfillDay, CancellationToken.None));
        Assert.True(await increment.TryAcquireAsync(shop, Trade, WindowKind.IncrementSlice, CancellationToken.None));
        await using var secondBackfill = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        Assert.False(await secondBackfill.TryAcquireAsync(shop, Trade, WindowKind.BackfillDay, CancellationToken.None));
    }

    [Fact]
    public async Task Asking_twice_for_a_held_lock_keeps_one_and_the_end_of_the_run_frees_it()
    {
        var shop = NewShop();
        var run = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        Assert.True(await run.TryAcquireAsync(shop, Trade, WindowKind.BackfillDay, CancellationToken.None));
        Assert.True(await run.TryAcquireAsync(shop, Trade, WindowKind.BackfillDay, CancellationToken.None));
        await run.DisposeAsync();

        await using var next = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        Assert.True(await next.TryAcquireAsync(shop, Trade, WindowKind.BackfillDay, CancellationToken.None));
    }

    [Fact]
    public async Task Two_hundred_shops_locked_by_one_run_leave_a_pool_of_ten_to_the_work()
    {
        // A lock per pooled connection would take ten of the 200 shops and then wait for a free connection
        // until the pool's timeout; the run needs its pool for the sinks and the ledger.
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            MaxPoolSize = 10, Timeout = 5,
        }.ConnectionString);
        builder.UseNodaTime();
        await using var small = builder.Build();

        await using var run = await ShopSyncLocks.OpenAsync(small, CancellationToken.None);
        foreach (var shop in Enumerable.Range(0, 200).Select(_ => NewShop()))
            Assert.True(await run.TryAcquireAsync(shop, Trade, WindowKind.IncrementSlice, CancellationToken.None));

        await using var others = new ConnectionsHeld();
        for (var i = 0; i < 9; i++) others.Add(await small.OpenConnectionAsync());
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            others[0]);
        Assert.Equal(200L, await count.ExecuteScalarAsync());
    }

    private sealed class ConnectionsHeld : List<NpgsqlConnection>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var connection in this) await connection.DisposeAsync();
        }
    }
}
