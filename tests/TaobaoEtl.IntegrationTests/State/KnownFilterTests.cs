using NodaTime;
using Npgsql;
using TaobaoEtl.Fetch;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Paging;
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
