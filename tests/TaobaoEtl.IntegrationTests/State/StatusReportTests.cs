using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using TaobaoEtl.Windows;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class StatusReportTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_slice_that_fails_run_after_run_and_a_shop_waiting_for_re_authorization_are_shown()
    {
        var shop = NewShop();
        var store = new SyncStateStore(database.DataSource);
        var ledger = new WindowLedger(database.DataSource);
        await store.EnsureShopAsync(shop, "nick", CancellationToken.None);
        var slice = Slice(shop, At("2026-11-20 10:00:00"), 30);
        for (var run = 1; run <= 3; run++)
        {
            // Each pass plans the same slice again (the watermark waits for it), lists it, and fails.
            await ledger.PlanAsync([slice], run, CancellationToken.None);
            await ledger.StartListingAsync(slice, run, CancellationToken.None);
            await ledger.MarkFailedAsync(slice, CancellationToken.None);
        }

        var since = At("2026-11-20 10:05:00");
        await store.MarkReauthorizeAsync(shop, since, CancellationToken.None);
        await store.MarkReauthorizeAsync(shop, since + Duration.FromHours(1), CancellationToken.None);

        var report = await StatusReport.ReadAsync(database.DataSource, CancellationToken.None);

        var failing = Assert.Single(report.FailingWindows, w => w.ShopId == shop);
        Assert.Equal(("failed", 3, slice.Range), (failing.Status, failing.Attempts, failing.Range));
        var waiting = Assert.Single(report.Reauthorize, r => r.ShopId == shop);
        Assert.Equal(since, waiting.Since);

        await store.ClearReauthorizeAsync([shop], CancellationToken.None);
        Assert.DoesNotContain((await StatusReport.ReadAsync(database.DataSource, CancellationToken.None)).Reauthorize, r => r.ShopId == shop);
    }
}
