using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using TaobaoEtl.Windows;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

/// <summary>
/// Trades and refunds are two streams of one shop (issue 18): each has its own watermark, ledger rows, done backfill
/// days, owed backfill count and locks, so a refund window done never moves the trade watermark, and the other way round.
/// </summary>
public sealed class StreamIndependenceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly Instant W = At("2026-11-20 10:00:00");
    private static readonly Instant Now = At("2026-11-27 10:00:00");
    private static readonly WindowTally Tally = new(1, 3, 3, 0);

    private readonly WindowLedger _ledger = new(database.DataSource);
    private readonly SyncStateStore _store = new(database.DataSource);

    private Task CommitAsync(TradeWindow window, long? runId) =>
        _ledger.CommitAsync([new WindowDoneCheckpoint(window, Tally, runId)], CancellationToken.None);

    private Task<Instant?> WatermarkAsync(string shop, SyncStream stream) => _store.ReadWatermarkAsync(shop, stream, CancellationToken.None);

    /// <summary>Three 30-minute slices of <paramref name="stream"/> from W − 10 min, planned by <paramref name="runId"/>.</summary>
    private async Task<IReadOnlyList<TradeWindow>> PlannedPassAsync(string shop, SyncStream stream, long runId)
    {
        var s1 = Slice(shop, W - Duration.FromMinutes(10), 30, stream);
        var s2 = Slice(shop, s1.End, 30, stream);
        var s3 = Slice(shop, s2.End, 30, stream);
        await _ledger.PlanAsync([s1, s2, s3], runId, CancellationToken.None);
        return [s1, s2, s3];
    }

    [Fact]
    public async Task Each_stream_sets_its_own_watermark_and_a_rebase_moves_only_its_own()
    {
        var shop = NewShop();
        Assert.Equal(W, await _store.EnsureWatermarkAsync(shop, SyncStream.Refund, W, CancellationToken.None));
        Assert.Null(await WatermarkAsync(shop, SyncStream.Trade));
        Assert.Equal(W - Duration.FromDays(1), await _store.EnsureWatermarkAsync(shop, SyncStream.Trade, W - Duration.FromDays(1), CancellationToken.None));

        Assert.True(await _store.RebaseBehindHorizonAsync(shop, SyncStream.Trade, W + Duration.FromHours(1), CancellationToken.None));

        Assert.Equal(W + Duration.FromHours(1), await WatermarkAsync(shop, SyncStream.Trade));
        Assert.Equal(W, await WatermarkAsync(shop, SyncStream.Refund));
        var positions = (await StatusReport.ReadAsync(database.DataSource, CancellationToken.None)).Positions.Where(p => p.ShopId == shop);
        Assert.Equal([new StreamPosition(shop, "refund", W), new StreamPosition(shop, "trade", W + Duration.FromHours(1))],
            positions.OrderBy(p => p.Stream, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Slices_of_one_stream_move_its_watermark_only_even_when_one_run_plans_both_over_the_same_ranges()
    {
        // One run id for both passes and the same ranges: if the pass's slices were read without the stream, the trade
        // slices done would bridge the refund pass's gap (and the other way round).
        var shop = NewShop();
        await _store.EnsureWatermarkAsync(shop, SyncStream.Trade, W, CancellationToken.None);
        await _store.EnsureWatermarkAsync(shop, SyncStream.Refund, W, CancellationToken.None);
        var trades = await PlannedPassAsync(shop, SyncStream.Trade, 7);
        var refunds = await PlannedPassAsync(shop, SyncStream.Refund, 7);

        foreach (var slice in trades) await CommitAsync(slice, 7);
        Assert.Equal(trades[2].End, await WatermarkAsync(shop, SyncStream.Trade));
        Assert.Equal(W, await WatermarkAsync(shop, SyncStream.Refund));

        await CommitAsync(refunds[1], 7);
        Assert.Equal(W, await WatermarkAsync(shop, SyncStream.Refund));
        await CommitAsync(refunds[0], 7);
        Assert.Equal(refunds[1].End, await WatermarkAsync(shop, SyncStream.Refund));
        Assert.Equal(trades[2].End, await WatermarkAsync(shop, SyncStream.Trade));

        // The ledger keeps the two passes apart: the refund's third slice is still planned, no trade slice is.
        Assert.Equal([new WindowLedgerLine("increment_slice", "done", 3, 3, 9, 9, 0)],
            await _ledger.SummarizeAsync(shop, SyncStream.Trade, CancellationToken.None));
        Assert.Equal([new WindowLedgerLine("increment_slice", "done", 2, 2, 6, 6, 0), new WindowLedgerLine("increment_slice", "planned", 1, 0, 0, 0, 0)],
            await _ledger.SummarizeAsync(shop, SyncStream.Refund, CancellationToken.None));
    }

    [Fact]
    public async Task A_refund_window_done_by_the_sink_leaves_the_trade_watermark_where_it_was()
    {
        var shop = NewShop();
        await _store.EnsureWatermarkAsync(shop, SyncStream.Trade, W, CancellationToken.None);
        await _store.EnsureWatermarkAsync(shop, SyncStream.Refund, W, CancellationToken.None);
        var refunds = await PlannedPassAsync(shop, SyncStream.Refund, 8);

        await CopySink.WriteBatchAsync(database.DataSource, new SinkBatch
        {
            Refunds = [Sink.SinkTrades.Refund(shop, 70, 10, 11, "WAIT_SELLER_AGREE")],
            Checkpoints = [new WindowDoneCheckpoint(refunds[0], Tally, 8)],
        }, CancellationToken.None);

        Assert.Equal(refunds[0].End, await WatermarkAsync(shop, SyncStream.Refund));
        Assert.Equal(W, await WatermarkAsync(shop, SyncStream.Trade));
    }

    [Fact]
    public async Task Abandoning_one_streams_unfinished_slices_leaves_the_others_planned()
    {
        var shop = NewShop();
        await PlannedPassAsync(shop, SyncStream.Trade, 9);
        await PlannedPassAsync(shop, SyncStream.Refund, 9);

        Assert.Equal(3, await _ledger.AbandonUnfinishedSlicesAsync(shop, SyncStream.Refund, CancellationToken.None));

        Assert.Equal([new WindowLedgerLine("increment_slice", "planned", 3, 0, 0, 0, 0)],
            await _ledger.SummarizeAsync(shop, SyncStream.Trade, CancellationToken.None));
        Assert.Equal([new WindowLedgerLine("increment_slice", "failed", 3, 0, 0, 0, 0)],
            await _ledger.SummarizeAsync(shop, SyncStream.Refund, CancellationToken.None));
    }

    [Fact]
    public async Task Done_backfill_days_and_owed_backfill_days_are_counted_per_stream()
    {
        var shop = NewShop();
        var tradeDays = BackfillCalendar.Days(shop, Now, 3, SyncStream.Trade);
        var refundDays = BackfillCalendar.Days(shop, Now, 3, SyncStream.Refund);
        await _ledger.PlanAsync([.. tradeDays, .. refundDays], runId: null, CancellationToken.None);
        await CommitAsync(refundDays[0], null);
        await CommitAsync(refundDays[1], null);
        await _ledger.MarkFailedAsync(tradeDays[2], CancellationToken.None);
        var horizon = PlatformHorizon.Of(Now);

        Assert.Empty(await _store.ReadDoneBackfillDaysAsync(shop, SyncStream.Trade, CancellationToken.None));
        Assert.Equal(new HashSet<Instant> { refundDays[0].Start, refundDays[1].Start },
            await _store.ReadDoneBackfillDaysAsync(shop, SyncStream.Refund, CancellationToken.None));
        Assert.Equal(3, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, horizon, CancellationToken.None));
        Assert.Equal(1, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Refund, horizon, CancellationToken.None));

        // A refund backfill running holds the refund days only: the trade days it does not list stay owed.
        await using var refundBackfill = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        Assert.True(await refundBackfill.TryAcquireAsync(shop, SyncStream.Refund, WindowKind.BackfillDay, CancellationToken.None));
        Assert.Equal(0, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Refund, horizon, CancellationToken.None));
        Assert.Equal(3, await _ledger.CountOwedBackfillDaysAsync([shop], SyncStream.Trade, horizon, CancellationToken.None));
    }

    [Fact]
    public async Task A_refund_run_and_a_trade_run_of_one_shop_and_kind_hold_their_locks_at_the_same_time()
    {
        var shop = NewShop();
        await using var refunds = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        await using var trades = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);
        await using var second = await ShopSyncLocks.OpenAsync(database.DataSource, CancellationToken.None);

        foreach (var kind in new[] { WindowKind.BackfillDay, WindowKind.IncrementSlice })
        {
            Assert.True(await refunds.TryAcquireAsync(shop, SyncStream.Refund, kind, CancellationToken.None));
            Assert.True(await trades.TryAcquireAsync(shop, SyncStream.Trade, kind, CancellationToken.None));
            // Each stream's work is still one run at a time.
            Assert.False(await second.TryAcquireAsync(shop, SyncStream.Refund, kind, CancellationToken.None));
            Assert.False(await second.TryAcquireAsync(shop, SyncStream.Trade, kind, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Status_shows_owed_counts_per_shop_and_stream()
    {
        var shop = NewShop();
        var at = Instant.FromUtc(2026, 11, 20, 2, 0);
        await CopySink.WriteBatchAsync(database.DataSource, new SinkBatch
        {
            Owed =
            [
                new OwedTrade(shop, 5, OwedCause.DeadLetter, "code 15", at),
                OwedTrade.ForRefund(shop, 5, OwedCause.DeadLetter, "code 15", at),
                OwedTrade.ForRefund(shop, 6, OwedCause.Quarantine, "modified: is missing", at + Duration.FromMinutes(1)),
            ],
        }, CancellationToken.None);

        var owed = (await StatusReport.ReadAsync(database.DataSource, CancellationToken.None)).OwedByShop.Where(o => o.ShopId == shop)
            .Select(o => (o.Stream, o.Open, o.OldestOwedAt)).ToList();

        Assert.Equal([("refund", 2L, at), ("trade", 1L, at)], owed);
    }
}
