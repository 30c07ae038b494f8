using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using TaobaoEtl.Windows;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class WatermarkCheckpointTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly Instant W = At("2026-11-20 10:00:00");
    private readonly WindowLedger _ledger = new(database.DataSource);
    private readonly SyncStateStore _store = new(database.DataSource);

    private Task CommitAsync(TradeWindow slice) =>
        _ledger.CommitAsync([new WindowDoneCheckpoint(slice, new WindowTally(2, 150, 140, 10), null)], CancellationToken.None);

    private async Task<Instant?> WatermarkAsync(string shop) =>
        await _store.ReadWatermarkAsync(shop, SyncStream.Trade, CancellationToken.None);

    /// <summary>A shop of its own whose watermark stands at <see cref="W"/>.</summary>
    private async Task<string> ShopAtWAsync()
    {
        var shop = NewShop();
        await _store.EnsureWatermarkAsync(shop, SyncStream.Trade, W, CancellationToken.None);
        return shop;
    }

    /// <summary>A pass of three 30-minute slices from W − 10 min (its look-back first), planned by <paramref name="runId"/>.</summary>
    private async Task<(TradeWindow S1, TradeWindow S2, TradeWindow S3)> PlannedPassAsync(string shop, long? runId)
    {
        var s1 = Slice(shop, W - Duration.FromMinutes(10), 30);
        var s2 = Slice(shop, s1.End, 30);
        var s3 = Slice(shop, s2.End, 30);
        await _ledger.PlanAsync([s1, s2, s3], runId, CancellationToken.None);
        return (s1, s2, s3);
    }

    [Fact]
    public async Task Watermark_moves_only_over_the_committed_run_from_it_and_the_ledger_keeps_the_tallies()
    {
        var shop = await ShopAtWAsync();
        var (s1, s2, s3) = await PlannedPassAsync(shop, runId: null);

        await CommitAsync(s3);
        Assert.Equal(W, await WatermarkAsync(shop));
        await CommitAsync(s1);
        Assert.Equal(s1.End, await WatermarkAsync(shop));
        await CommitAsync(s2);
        Assert.Equal(s3.End, await WatermarkAsync(shop));

        Assert.Equal(3, await database.ScalarAsync<int>(
            $"SELECT count(*) FROM etl.window WHERE shop_id = '{shop}' AND status = 'done' AND pages = 2 AND listed = 150 AND fetched = 140 AND skipped = 10"));
    }

    [Fact]
    public async Task A_failed_look_back_slice_keeps_the_watermark_where_the_pass_found_it()
    {
        // Chaos on the Double 11 preset: a pass's look-back slice failed (the run stopped), its slice after the watermark
        // committed, and the watermark moved past the look-back; the next look-back started 26 minutes later, and the
        // changes of that stretch the index had shown late were never listed (3,046 trades missing after an exit 0).
        var shop = await ShopAtWAsync();
        var lookBack = Slice(shop, W - Duration.FromMinutes(30), 30);
        var after = Slice(shop, W, 26);
        await _ledger.PlanAsync([lookBack, after], runId: 74, CancellationToken.None);

        await _ledger.CommitAsync([new WindowDoneCheckpoint(after, new WindowTally(1, 1, 1, 0), 74)], CancellationToken.None);
        await _ledger.MarkFailedAsync(lookBack, CancellationToken.None);
        Assert.Equal(W, await WatermarkAsync(shop));

        await _ledger.CommitAsync([new WindowDoneCheckpoint(lookBack, new WindowTally(1, 1, 1, 0), 74)], CancellationToken.None);
        Assert.Equal(after.End, await WatermarkAsync(shop));
    }

    [Fact]
    public async Task Done_slices_of_an_older_grid_never_bridge_a_gap_of_the_current_pass()
    {
        // Run 7 (40-minute slices) left [09:35, 10:15) and [10:15, 10:55) done while a slice before them
        // failed, so the watermark stayed behind them (here: 10:00). Run 8 (30-minute slices from 09:50)
        // commits [09:50, 10:20) and [10:50, 11:20) but not [10:20, 10:50). The old rows chain across that
        // gap (10:00 -> 10:15 -> 10:55 -> 11:20): the watermark would pass [10:20, 10:50), a stretch this
        // pass never listed and no look-back reads again; run 7 read it long ago, before changes the list
        // index showed late, and its tail may be the one its own next pass was meant to read again.
        var shop = await ShopAtWAsync();
        var old1 = Slice(shop, W - Duration.FromMinutes(25), 40);
        var old2 = Slice(shop, old1.End, 40);
        await _ledger.CommitAsync([new WindowDoneCheckpoint(old1, new WindowTally(1, 0, 0, 0), 7),
            new WindowDoneCheckpoint(old2, new WindowTally(1, 0, 0, 0), 7)], CancellationToken.None);
        // Those commits chained from W; put the watermark back where run 7 left it (its first slice failed).
        await database.ExecuteAsync(
            $"UPDATE etl.sync_state SET watermark = '{W.ToDateTimeOffset():O}' WHERE shop_id = '{shop}'");

        var (s1, _, s3) = await PlannedPassAsync(shop, runId: 8);
        await _ledger.CommitAsync([new WindowDoneCheckpoint(s3, new WindowTally(1, 0, 0, 0), 8)], CancellationToken.None);
        await _ledger.CommitAsync([new WindowDoneCheckpoint(s1, new WindowTally(1, 0, 0, 0), 8)], CancellationToken.None);

        Assert.Equal(s1.End, await WatermarkAsync(shop));
    }

    [Fact]
    public async Task Watermark_never_moves_back()
    {
        var shop = NewShop();
        var later = W + Duration.FromHours(2);
        await _store.EnsureWatermarkAsync(shop, SyncStream.Trade, later, CancellationToken.None);

        await CommitAsync(Slice(shop, W, 30));
        var again = await _store.EnsureWatermarkAsync(shop, SyncStream.Trade, W, CancellationToken.None);

        Assert.Equal(later, again);
        Assert.Equal(later, await WatermarkAsync(shop));
    }

    [Fact]
    public async Task A_checkpoint_rolled_back_with_its_transaction_leaves_no_trace()
    {
        var shop = await ShopAtWAsync();
        var slice = Slice(shop, W - Duration.FromMinutes(10), 30);

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await new WindowDoneCheckpoint(slice, new WindowTally(1, 1, 1, 0), null).ApplyAsync(connection, transaction, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        Assert.Equal(W, await WatermarkAsync(shop));
        Assert.Equal(0, await database.ScalarAsync<int>($"SELECT count(*) FROM etl.window WHERE shop_id = '{shop}'"));
    }

    [Fact]
    public async Task Slices_committed_by_parallel_transactions_in_any_order_carry_the_watermark_to_the_end()
    {
        var shop = await ShopAtWAsync();
        var slices = Enumerable.Range(0, 12).Select(i => Slice(shop, W - Duration.FromMinutes(10) + Duration.FromMinutes(30 * i), 30)).ToList();
        var random = new Random(20261111);

        await Task.WhenAll(slices.OrderBy(_ => random.Next()).Select(slice => Task.Run(() => CommitAsync(slice))))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(slices[^1].End, await WatermarkAsync(shop));
    }

    [Fact]
    public async Task An_increment_checkpoint_without_a_watermark_fails_instead_of_inventing_one()
    {
        var shop = NewShop();

        await Assert.ThrowsAsync<InvalidOperationException>(() => CommitAsync(Slice(shop, W, 30)));
        Assert.Null(await WatermarkAsync(shop));
    }

    [Fact]
    public async Task A_backfill_day_done_does_not_move_the_watermark()
    {
        var shop = await ShopAtWAsync();
        var day = new TradeWindow(shop, SyncStream.Trade, WindowKind.BackfillDay, new Interval(W, W + Duration.FromDays(1)));

        await _ledger.CommitAsync([new WindowDoneCheckpoint(day, new WindowTally(1, 0, 0, 0), null)], CancellationToken.None);

        Assert.Equal(W, await WatermarkAsync(shop));
    }
}
