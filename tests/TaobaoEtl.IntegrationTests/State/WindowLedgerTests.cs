using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using TaobaoEtl.Windows;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class WindowLedgerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly WindowLedger _ledger = new(database.DataSource);
    private readonly SyncStateStore _store = new(database.DataSource);

    /// <summary>The platform's now of the backfill tests.</summary>
    private static readonly Instant Now = At("2026-11-27 10:00:00");

    /// <summary>A shop of its own and its last <paramref name="count"/> backfill days before <see cref="Now"/>, planned.</summary>
    private async Task<(string Shop, IReadOnlyList<TradeWindow> Days)> PlannedDaysAsync(int count)
    {
        var shop = NewShop();
        var days = BackfillCalendar.Days(shop, Now, count);
        await _ledger.PlanAsync(days, runId: null, CancellationToken.None);
        return (shop, days);
    }

    [Fact]
    public async Task Backfill_days_recorded_done_are_skipped_by_a_rerun()
    {
        var (shop, days) = await PlannedDaysAsync(90);
        await _ledger.CommitAsync(
            [new WindowDoneCheckpoint(days[0], new WindowTally(3, 250, 240, 10), null),
             new WindowDoneCheckpoint(days[41], new WindowTally(1, 0, 0, 0), null)],
            CancellationToken.None);

        var done = await _store.ReadDoneBackfillDaysAsync(shop, SyncStream.Trade, CancellationToken.None);
        var remaining = BackfillCalendar.Remaining(BackfillCalendar.Days(shop, Now, 90), done);

        Assert.Equal(new HashSet<Instant> { days[0].Start, days[41].Start }, done);
        Assert.Equal(88, remaining.Count);
        Assert.DoesNotContain(days[0], remaining);
        Assert.DoesNotContain(days[41], remaining);
    }

    [Fact]
    public async Task Failed_backfill_days_inside_the_horizon_are_counted_as_owed_until_done()
    {
        var (shop, days) = await PlannedDaysAsync(3);
        await _ledger.MarkFailedAsync(days[0], CancellationToken.None);
        await _ledger.MarkFailedAsync(days[1], CancellationToken.None);
        // A backfill holds the shop, so its planned day is its work: only the failed ones are owed.
        await using var running = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        Assert.True(await running.TryAcquireAsync(shop, SyncStream.Trade, WindowKind.BackfillDay, CancellationToken.None));

        Assert.Equal(2, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, PlatformHorizon.Of(Now), CancellationToken.None));
        // A day before the horizon can no longer be listed: not owed by anyone.
        Assert.Equal(1, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, days[1].Start, CancellationToken.None));
        await _ledger.CommitAsync([new WindowDoneCheckpoint(days[1], new WindowTally(1, 0, 0, 0), null)], CancellationToken.None);
        Assert.Equal(1, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, PlatformHorizon.Of(Now), CancellationToken.None));
        Assert.Equal(0, await _ledger.CountOwedBackfillDaysAsync([NewShop()], SyncStream.Trade, PlatformHorizon.Of(Now), CancellationToken.None));
    }

    [Fact]
    public async Task Backfill_days_an_interrupted_backfill_left_unfinished_are_owed_unless_a_backfill_holds_the_shop()
    {
        // A backfill stopped by the quota, a signal or a kill leaves its remaining days planned or half listed, never
        // failed: counting failed days alone let every later increment exit 0 with those days missing.
        var (shop, days) = await PlannedDaysAsync(3);
        var horizon = PlatformHorizon.Of(Now);
        await _ledger.StartListingAsync(days[2], runId: null, CancellationToken.None);

        Assert.Equal(3, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, horizon, CancellationToken.None));

        await using (var running = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None))
        {
            Assert.True(await running.TryAcquireAsync(shop, SyncStream.Trade, WindowKind.BackfillDay, CancellationToken.None));
            // A running backfill's days are its work; a failed day is owed all the same, and another kind's lock is no backfill.
            Assert.Equal(0, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, horizon, CancellationToken.None));
            await _ledger.MarkFailedAsync(days[0], CancellationToken.None);
            Assert.Equal(1, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, horizon, CancellationToken.None));
        }

        await using (var increment = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None))
        {
            Assert.True(await increment.TryAcquireAsync(shop, SyncStream.Trade, WindowKind.IncrementSlice, CancellationToken.None));
            Assert.Equal(3, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, horizon, CancellationToken.None));
        }

        await _ledger.CommitAsync([new WindowDoneCheckpoint(days[1], new WindowTally(1, 0, 0, 0), null)], CancellationToken.None);
        Assert.Equal(2, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, horizon, CancellationToken.None));
    }

    [Fact]
    public async Task Planning_a_done_backfill_day_again_leaves_it_done_with_its_tally()
    {
        var (shop, days) = await PlannedDaysAsync(3);
        await _ledger.CommitAsync([new WindowDoneCheckpoint(days[1], new WindowTally(3, 250, 240, 10), null)], CancellationToken.None);

        await _ledger.PlanAsync(days, runId: null, CancellationToken.None);

        Assert.Equal("done/3/250/240/10", await database.ScalarAsync<string>(
            $"SELECT status || '/' || pages || '/' || listed || '/' || fetched || '/' || skipped FROM etl.window WHERE shop_id = '{shop}' AND range_start = '{days[1].Start}'"));
        Assert.Equal(2, await database.ScalarAsync<int>($"SELECT count(*) FROM etl.window WHERE shop_id = '{shop}' AND status = 'planned'"));
    }

    [Fact]
    public async Task A_window_goes_planned_listing_listed_with_attempts_counted()
    {
        var (shop, days) = await PlannedDaysAsync(1);
        var day = days[0];
        await _ledger.StartListingAsync(day, runId: null, CancellationToken.None);
        await _ledger.MarkFailedAsync(day, CancellationToken.None);
        Assert.Equal("failed", await database.ScalarAsync<string>($"SELECT status FROM etl.window WHERE shop_id = '{shop}'"));

        await _ledger.StartListingAsync(day, runId: null, CancellationToken.None);
        await _ledger.MarkListedAsync(day, pages: 4, listed: 321, CancellationToken.None);

        Assert.Equal("listed/4/321/2", await database.ScalarAsync<string>(
            $"SELECT status || '/' || pages || '/' || listed || '/' || attempts FROM etl.window WHERE shop_id = '{shop}'"));
    }

    [Fact]
    public async Task A_done_window_is_not_taken_back_by_a_late_failure_report()
    {
        var shop = NewShop();
        var day = BackfillCalendar.Days(shop, Now, 1)[0];
        await _ledger.CommitAsync([new WindowDoneCheckpoint(day, new WindowTally(1, 5, 5, 0), null)], CancellationToken.None);

        await _ledger.MarkFailedAsync(day, CancellationToken.None);
        await _ledger.MarkListedAsync(day, 9, 9, CancellationToken.None);

        Assert.Equal("done/1/5", await database.ScalarAsync<string>(
            $"SELECT status || '/' || pages || '/' || listed FROM etl.window WHERE shop_id = '{shop}'"));
    }

    [Fact]
    public async Task Slices_a_killed_run_left_unfinished_are_marked_failed_and_done_ones_stay_done()
    {
        var shop = NewShop();
        var start = At("2026-11-20 10:00:00");
        await _store.EnsureWatermarkAsync(shop, SyncStream.Trade, start, CancellationToken.None);
        var s1 = Slice(shop, start, 30);
        var s2 = Slice(shop, s1.End, 30);
        var s3 = Slice(shop, s2.End, 30);
        await _ledger.PlanAsync([s1, s2, s3], runId: null, CancellationToken.None);
        await _ledger.StartListingAsync(s2, runId: null, CancellationToken.None);
        await _ledger.CommitAsync([new WindowDoneCheckpoint(s1, new WindowTally(1, 7, 6, 1), null)], CancellationToken.None);

        var abandoned = await _ledger.AbandonUnfinishedSlicesAsync(shop, SyncStream.Trade, CancellationToken.None);
        var summary = await _ledger.SummarizeAsync(shop, SyncStream.Trade, CancellationToken.None);

        Assert.Equal(2, abandoned);
        Assert.Equal(
            [new WindowLedgerLine("increment_slice", "done", 1, 1, 7, 6, 1), new WindowLedgerLine("increment_slice", "failed", 2, 0, 0, 0, 0)],
            summary);
    }
}
