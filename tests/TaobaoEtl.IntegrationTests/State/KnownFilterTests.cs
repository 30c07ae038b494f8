using NodaTime;
using Npgsql;
using TaobaoEtl.Fetch;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Paging;
using TaobaoEtl.State;
using TaobaoEtl.Windows;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class KnownFilterTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly Instant M = At("2026-11-11 00:00:05");

    private async Task StoreAsync(string shop, long tid, Instant modified, Instant fetchedAt)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO staging.sales_order (shop_id, tid, taobao_status, erp_status, modified, fetched_at) VALUES ($1, $2, 'WAIT_SELLER_SEND_GOODS', 'paid', $3, $4)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shop });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tid });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = modified });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = fetchedAt });
        await command.ExecuteNonQueryAsync();
    }

    private async Task StoreRefundAsync(string shop, long refundId, Instant modified, Instant fetchedAt)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO staging.refund (shop_id, refund_id, status, modified, fetched_at) VALUES ($1, $2, 'WAIT_SELLER_AGREE', $3, $4)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shop });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = refundId });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = modified });
        command.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = fetchedAt });
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Stored_versions_are_read_per_stream_by_tid_or_refund_id()
    {
        var shop = NewShop();
        var current = M + Duration.FromSeconds(1) + KnownFilterRule.ClockSkew;
        await StoreAsync(shop, 1, M, current);
        await StoreRefundAsync(shop, 1, M - Duration.FromMinutes(1), M + Duration.FromMinutes(2));
        await StoreRefundAsync(shop, 2, M, current);
        var versions = new StoredVersions(database.DataSource);

        var trades = await versions.ReadAsync(shop, SyncStream.Trade, [1, 2], CancellationToken.None);
        var refunds = await versions.ReadAsync(shop, SyncStream.Refund, [1, 2, 3], CancellationToken.None);

        Assert.Equal(new Dictionary<long, (Instant, Instant)> { [1] = (M, current) }, trades);
        Assert.Equal(new Dictionary<long, (Instant, Instant)> { [1] = (M - Duration.FromMinutes(1), M + Duration.FromMinutes(2)), [2] = (M, current) }, refunds);
        Assert.Equal(trades, await versions.ReadAsync(shop, [1, 2], CancellationToken.None));
    }

    [Fact]
    public async Task Listed_refunds_skip_on_the_stored_refund_and_never_on_a_trade_with_the_same_number()
    {
        // Same number 1: a current trade, a stale refund. Number 2: a current refund, no trade. Number 3: a refund read
        // in its modified second (the known-current rule holds for refunds as for trades).
        var shop = NewShop();
        var current = M + Duration.FromSeconds(1) + KnownFilterRule.ClockSkew;
        await StoreAsync(shop, 1, M, current);
        await StoreRefundAsync(shop, 1, M - Duration.FromMinutes(1), M + Duration.FromMinutes(2));
        await StoreRefundAsync(shop, 2, M, current);
        await StoreRefundAsync(shop, 3, M, M + Duration.FromMilliseconds(800));
        var page = new List<ListedTrade> { new(1, M), new(2, M), new(3, M) };

        var refunds = await new KnownFilter(database.DataSource, stream: SyncStream.Refund).SplitAsync(shop, page, CancellationToken.None);
        var trades = await new KnownFilter(database.DataSource).SplitAsync(shop, page, CancellationToken.None);

        Assert.Equal([2L], refunds.Skipped.Select(r => r.Tid));
        Assert.Equal([1L, 3L], refunds.ToFetch.Select(r => r.Tid));
        Assert.Equal([1L], trades.Skipped.Select(t => t.Tid));
        Assert.Equal([2L, 3L], trades.ToFetch.Select(t => t.Tid));
    }

    [Fact]
    public async Task A_page_is_split_into_fetch_and_known_current_in_one_query()
    {
        var shop = NewShop();
        var otherShop = NewShop();
        var page = new List<ListedTrade>();
        var expectedSkipped = new HashSet<long>();
        // 100 tids above 2^53 in five cases of 20: not stored, current, fetched in the same second,
        // stored with an older modified, current but in another shop.
        for (var i = 0; i < 100; i++)
        {
            var tid = 9_007_199_254_740_993L + i;
            page.Add(new ListedTrade(tid, M));
            switch (i % 5)
            {
                case 1:
                    await StoreAsync(shop, tid, M, M + Duration.FromSeconds(1) + KnownFilterRule.ClockSkew);
                    expectedSkipped.Add(tid);
                    break;
                case 2:
                    await StoreAsync(shop, tid, M, M + Duration.FromMilliseconds(800));
                    break;
                case 3:
                    await StoreAsync(shop, tid, M - Duration.FromMinutes(1), M + Duration.FromMinutes(1));
                    break;
                case 4:
                    await StoreAsync(otherShop, tid, M, M + Duration.FromSeconds(5));
                    break;
            }
        }

        var counter = new CommandCounter();
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString);
        builder.UseNodaTime();
        builder.UseLoggerFactory(counter);
        await using var counted = builder.Build();

        var result = await new KnownFilter(counted).SplitAsync(shop, page, CancellationToken.None);

        Assert.Equal(1, counter.Commands);
        Assert.Equal(expectedSkipped, result.Skipped.Select(t => t.Tid).ToHashSet());
        Assert.Equal(page.Where(t => !expectedSkipped.Contains(t.Tid)).ToList(), result.ToFetch);
    }

    [Fact]
    public async Task Each_page_costs_one_query_whatever_its_size()
    {
        var shop = NewShop();
        var counter = new CommandCounter();
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString);
        builder.UseNodaTime();
        builder.UseLoggerFactory(counter);
        await using var counted = builder.Build();
        var filter = new KnownFilter(counted);

        for (var p = 0; p < 3; p++)
        {
            var page = Enumerable.Range(0, 100).Select(i => new ListedTrade(p * 1000 + i, M)).ToList();
            var result = await filter.SplitAsync(shop, page, CancellationToken.None);
            Assert.Equal(100, result.ToFetch.Count);
        }

        Assert.Equal(3, counter.Commands);
    }
}
