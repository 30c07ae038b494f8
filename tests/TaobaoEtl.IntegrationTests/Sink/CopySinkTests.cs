using NodaTime;
using Npgsql;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using static TaobaoEtl.IntegrationTests.Sink.SinkTrades;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.Sink;

public sealed class CopySinkTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Dispose_without_complete_leaves_staging_empty()
    {
        var shop = NewShop();
        await using (var sink = await CopySink.BeginAsync(db.DataSource, CancellationToken.None))
        {
            await sink.WriteAsync(new SinkBatch
            {
                Trades = [Trade(shop, 1, 10, 11), Trade(shop, 2, 10, 11)],
                Refunds = [Refund(shop, 11, 10, 11, "WAIT_SELLER_AGREE")],
                Quarantine = [new Rejection(shop, Rejection.TradeSource, 3, "modified: is missing", "{\"tid\":3}")],
                DeadLetters = [DeadLetter.ForTrade(shop, 4, "taobao.trade.fullinfo.get", Base)],
            }, CancellationToken.None);
            Assert.Equal(2, sink.Counts.TradesInserted);
        }

        foreach (var table in SinkTables.ShopTables)
            Assert.Equal(0L, await SinkTables.CountAsync(db, table, shop));
    }

    [Fact]
    public async Task Complete_commits_orders_lines_raw_and_returns_the_counts()
    {
        var shop = NewShop();
        await using var sink = await CopySink.BeginAsync(db.DataSource, CancellationToken.None);
        await sink.WriteAsync(new SinkBatch { Trades = [Trade(shop, 1, 10, 11, lines: 3), Trade(shop, 2, 10, 11, lines: 1)] }, CancellationToken.None);
        var counts = await sink.CompleteAsync(CancellationToken.None);

        Assert.Equal((2L, 0L, 0L, 4L), (counts.TradesInserted, counts.TradesUpdated, counts.TradesUnchanged, counts.LinesWritten));
        Assert.Equal(2L, await SinkTables.CountAsync(db, "staging.sales_order", shop));
        Assert.Equal(4L, await SinkTables.CountAsync(db, "staging.sales_order_line", shop));
        Assert.Equal(2L, await SinkTables.CountAsync(db, "raw.trade", shop));
        Assert.Equal("屈**", await SinkTables.ScalarAsync<string>(db, "SELECT receiver_name FROM staging.sales_order WHERE shop_id = @shop AND tid = 1", shop));
        Assert.Equal(163288460521882636L, await SinkTables.ScalarAsync<long>(db, "SELECT (payload->>'big')::bigint FROM raw.trade WHERE shop_id = @shop AND tid = 1", shop));
        Assert.Equal(Base + Duration.FromSeconds(11),
            (await SinkTables.ScalarAsync<Instant>(db, "SELECT fetched_at FROM staging.sales_order WHERE shop_id = @shop AND tid = 1", shop)));
    }

    [Fact]
    public async Task Replaying_the_same_batch_twice_leaves_every_table_byte_identical()
    {
        var shop = NewShop();
        var batch = new SinkBatch
        {
            Trades = [Trade(shop, 1, 10, 11), Trade(shop, 2, 10, 11, lines: 3), Trade(shop, 1, 10, 12), Trade(shop, 3, 5, 6)],
            Refunds = [Refund(shop, 11, 10, 11, "WAIT_SELLER_AGREE"), Refund(shop, 11, 12, 13, "SUCCESS")],
            Quarantine = [new Rejection(shop, Rejection.TradeSource, 9, "modified: is missing", "{\"tid\":9}"), new Rejection(shop, Rejection.TradeSource, 9, "modified: is missing", "{\"tid\":9}")],
            DeadLetters =
            [
                DeadLetter.ForTrade(shop, 8, "taobao.trade.fullinfo.get", Base) with { Code = 15, SubCode = "isv.trade-not-exist" },
                DeadLetter.ForRefund(shop, 81, "taobao.refund.get", Base),
                DeadLetter.ForWindow(shop, new Interval(Base, Base + Duration.FromMinutes(30)), "taobao.trades.sold.increment.get", Base),
            ],
            RunId = 7,
        };

        var first = await CopySink.WriteBatchAsync(db.DataSource, batch, CancellationToken.None);
        var before = await SinkTables.FingerprintAsync(db, shop);
        var second = await CopySink.WriteBatchAsync(db.DataSource, batch, CancellationToken.None);
        var after = await SinkTables.FingerprintAsync(db, shop);

        Assert.Equal(before, after);
        Assert.Equal((3L, 1L, 7L), (first.TradesInserted, first.TradesSuperseded, first.LinesWritten));
        Assert.Equal((0L, 0L, 3L, 0L), (second.TradesInserted, second.TradesUpdated, second.TradesUnchanged, second.LinesWritten));
        Assert.Equal((0L, 0L, 1L), (second.RefundsInserted, second.RefundsUpdated, second.RefundsUnchanged));
        Assert.Equal(1L, await SinkTables.CountAsync(db, "etl.quarantine", shop));
        Assert.Equal(3L, await SinkTables.CountAsync(db, "etl.dead_letter", shop));
    }

    [Fact]
    public async Task Lines_are_replaced_when_a_trade_changes_so_a_dropped_line_disappears()
    {
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, 1, 10, 11, lines: 3)] }, CancellationToken.None);
        var counts = await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, 1, 20, 21, lines: 2)] }, CancellationToken.None);

        Assert.Equal((1L, 2L), (counts.TradesUpdated, counts.LinesWritten));
        Assert.Equal(2L, await SinkTables.CountAsync(db, "staging.sales_order_line", shop));
        Assert.Equal(0L, await SinkTables.ScalarAsync<long>(db, "SELECT count(*) FROM staging.sales_order_line WHERE shop_id = @shop AND oid = 103", shop));
        Assert.Equal(2L, await SinkTables.ScalarAsync<long>(db, "SELECT count(*) FROM staging.sales_order_line WHERE shop_id = @shop AND title LIKE '%m20-f21'", shop));
        Assert.Equal(2, await SinkTables.ScalarAsync<int>(db, "SELECT line_count FROM staging.sales_order WHERE shop_id = @shop", shop));
    }

    [Fact]
    public async Task An_older_copy_arriving_late_changes_neither_the_order_nor_its_lines()
    {
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, 1, 20, 21, lines: 2)] }, CancellationToken.None);
        var before = await SinkTables.FingerprintAsync(db, shop);
        var counts = await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, 1, 10, 30, lines: 3)] }, CancellationToken.None);

        Assert.Equal(1L, counts.TradesUnchanged);
        Assert.Equal(before, await SinkTables.FingerprintAsync(db, shop));
    }

    [Fact]
    public async Task Same_modified_second_fetched_later_wins_within_a_batch_and_against_the_table()
    {
        var shop = NewShop();
        var counts = await CopySink.WriteBatchAsync(db.DataSource,
            new SinkBatch { Trades = [Trade(shop, 1, 10, 12, label: "later"), Trade(shop, 1, 10, 11, label: "earlier")] }, CancellationToken.None);
        Assert.Equal((1L, 1L), (counts.TradesInserted, counts.TradesSuperseded));
        Assert.Equal("later", (await SinkTables.LabelsAsync(db, shop))[1]);

        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, 1, 10, 13, label: "latest")] }, CancellationToken.None);
        Assert.Equal("latest", (await SinkTables.LabelsAsync(db, shop))[1]);
        Assert.Equal("latest", await SinkTables.ScalarAsync<string>(db, "SELECT payload->>'label' FROM raw.trade WHERE shop_id = @shop", shop));
    }

    [Theory]
    [InlineData(1, 40)]
    [InlineData(3, 15)]
    public async Task An_older_version_never_overwrites_a_newer_one_whatever_the_arrival_order(int parallelSinks, int iterations)
    {
        var random = new Random(20261111 + parallelSinks);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var shop = NewShop();
            // 4 trades × 5 versions; modified seconds collide on purpose so fetched_at must break ties.
            var versions = new List<NormalizedTrade>();
            for (var tid = 1; tid <= 4; tid++)
            {
                for (var v = 0; v < 5; v++)
                {
                    var modified = random.Next(0, 3);
                    var fetched = modified + 1 + random.Next(0, 3);
                    versions.Add(Trade(shop, tid, modified, fetched, lines: 1 + random.Next(0, 3), label: $"m{modified}-f{fetched}-v{v}"));
                }
            }

            // Random arrival order, cut into random batches, dealt to parallel sinks that race each other.
            var arrival = versions.OrderBy(_ => random.Next()).ToList();
            var lanes = Enumerable.Range(0, parallelSinks).Select(_ => new List<List<NormalizedTrade>>()).ToArray();
            for (var position = 0; position < arrival.Count;)
            {
                var size = 1 + random.Next(0, 8);
                lanes[random.Next(parallelSinks)].Add(arrival.Skip(position).Take(size).ToList());
                position += size;
            }

            await Task.WhenAll(lanes.Select(async lane =>
            {
                foreach (var batch in lane)
                    await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = batch }, CancellationToken.None);
            })).WaitAsync(TimeSpan.FromSeconds(60));

            var labels = await SinkTables.LabelsAsync(db, shop);
            foreach (var group in versions.GroupBy(t => t.Tid))
            {
                var tid = group.Key;
                var newest = group.OrderByDescending(t => t.Order.Modified).ThenByDescending(t => t.Order.FetchedAt).First();
                // Versions equal in (modified, fetched_at) are the same version: any of them is right.
                var acceptable = group.Where(t => t.Order.Modified == newest.Order.Modified && t.Order.FetchedAt == newest.Order.FetchedAt)
                    .Select(t => t.Order.BuyerMessage).ToHashSet();
                Assert.True(acceptable.Contains(labels[tid]), $"iteration {iteration}, tid {tid}: stored {labels[tid]}, expected one of {string.Join("|", acceptable)}");
                var stored = group.First(t => t.Order.BuyerMessage == labels[tid]);
                Assert.Equal(stored.Lines.Count, await SinkTables.ScalarAsync<long>(db,
                    $"SELECT count(*) FROM staging.sales_order_line WHERE shop_id = @shop AND tid = {tid} AND title LIKE '%{labels[tid]}'", shop));
                Assert.Equal(stored.Lines.Count, await SinkTables.ScalarAsync<long>(db, $"SELECT count(*) FROM staging.sales_order_line WHERE shop_id = @shop AND tid = {tid}", shop));
                Assert.Equal(labels[tid], await SinkTables.ScalarAsync<string>(db, $"SELECT payload->>'label' FROM raw.trade WHERE shop_id = @shop AND tid = {tid}", shop));
            }
        }
    }

    [Fact]
    public async Task Parallel_sinks_writing_the_same_trades_in_opposite_orders_do_not_deadlock()
    {
        var shop = NewShop();
        var forward = Enumerable.Range(1, 200).Select(tid => Trade(shop, tid, 10, 11, lines: 1)).ToList();
        var backward = Enumerable.Range(1, 200).Reverse().Select(tid => Trade(shop, tid, 10, 12, lines: 1)).ToList();
        for (var round = 0; round < 5; round++)
        {
            var a = CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = forward }, CancellationToken.None);
            var b = CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = backward }, CancellationToken.None);
            await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(200L, await SinkTables.ScalarAsync<long>(db,
            "SELECT count(*) FROM staging.sales_order WHERE shop_id = @shop AND fetched_at = '2026-11-10 16:00:12+00'", shop));
    }

    [Fact]
    public async Task A_failing_checkpoint_commits_nothing_of_the_batch()
    {
        var shop = NewShop();
        var batch = new SinkBatch
        {
            Trades = [Trade(shop, 1, 10, 11)],
            Refunds = [Refund(shop, 11, 10, 11, "SUCCESS")],
            Quarantine = [new Rejection(shop, Rejection.TradeSource, null, "not valid JSON", "{")],
            DeadLetters = [DeadLetter.ForTrade(shop, 4, "taobao.trade.fullinfo.get", Base)],
            Checkpoints = [new WatermarkCheckpoint(shop, Base), new FailingCheckpoint()],
        };

        await using (var sink = await CopySink.BeginAsync(db.DataSource, CancellationToken.None))
        {
            await Assert.ThrowsAsync<PostgresException>(() => sink.WriteAsync(batch, CancellationToken.None));
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.CompleteAsync(CancellationToken.None));
            Assert.Contains("failed and its transaction is lost", error.Message, StringComparison.Ordinal);
        }

        foreach (var table in SinkTables.ShopTables)
            Assert.Equal(0L, await SinkTables.CountAsync(db, table, shop));
        Assert.Equal(0L, await SinkTables.CountAsync(db, "etl.sync_state", shop));
    }

    [Fact]
    public async Task Cancelling_a_write_fails_the_sink_and_disposal_rolls_everything_back()
    {
        var shop = NewShop();
        using var cancellation = new CancellationTokenSource();
        var batch = new SinkBatch
        {
            Trades = [.. Enumerable.Range(1, 50).Select(tid => Trade(shop, tid, 10, 11))],
            Checkpoints = [new CancellingCheckpoint(cancellation), new WatermarkCheckpoint(shop, Base)],
        };

        await using (var sink = await CopySink.BeginAsync(db.DataSource, CancellationToken.None))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.WriteAsync(batch, cancellation.Token));
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(new SinkBatch(), CancellationToken.None));
            Assert.Contains("failed and its transaction is lost", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0L, await SinkTables.CountAsync(db, "staging.sales_order", shop));
        Assert.Equal(0L, await SinkTables.CountAsync(db, "etl.sync_state", shop));
    }

    [Fact]
    public async Task Checkpoints_commit_in_the_same_transaction_as_the_rows()
    {
        var shop = NewShop();
        var counts = await CopySink.WriteBatchAsync(db.DataSource,
            new SinkBatch { Trades = [Trade(shop, 1, 10, 11)], Checkpoints = [new WatermarkCheckpoint(shop, Base)] }, CancellationToken.None);
        Assert.Equal(1L, counts.Checkpoints);
        Assert.Equal(1L, await SinkTables.CountAsync(db, "etl.sync_state", shop));
    }

    [Fact]
    public async Task Every_operation_after_complete_fails_with_a_precise_error()
    {
        var shop = NewShop();
        var sink = await CopySink.BeginAsync(db.DataSource, CancellationToken.None);
        await sink.CompleteAsync(CancellationToken.None);
        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(new SinkBatch(), CancellationToken.None));
        Assert.Contains("already committed", write.Message, StringComparison.Ordinal);
        var complete = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.CompleteAsync(CancellationToken.None));
        Assert.Contains("already committed", complete.Message, StringComparison.Ordinal);
        await sink.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sink.WriteAsync(new SinkBatch { Trades = [Trade(shop, 1, 1, 2)] }, CancellationToken.None));
        await sink.DisposeAsync(); // twice is harmless
    }

    [Fact]
    public async Task Several_writes_in_one_sink_commit_together_and_keep_the_version_rule()
    {
        var shop = NewShop();
        await using var sink = await CopySink.BeginAsync(db.DataSource, CancellationToken.None);
        await sink.WriteAsync(new SinkBatch { Trades = [Trade(shop, 1, 20, 21, label: "new")] }, CancellationToken.None);
        await sink.WriteAsync(new SinkBatch { Trades = [Trade(shop, 1, 10, 11, label: "old"), Trade(shop, 2, 10, 11)] }, CancellationToken.None);
        var counts = await sink.CompleteAsync(CancellationToken.None);

        Assert.Equal((2L, 0L, 1L), (counts.TradesInserted, counts.TradesUpdated, counts.TradesUnchanged));
        Assert.Equal("new", (await SinkTables.LabelsAsync(db, shop))[1]);
    }

    [Fact]
    public async Task A_newer_refund_replaces_the_older_one_and_an_older_one_is_ignored()
    {
        var shop = NewShop();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Refunds = [Refund(shop, 11, 10, 11, "WAIT_SELLER_AGREE")] }, CancellationToken.None);
        var newer = await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Refunds = [Refund(shop, 11, 20, 21, "SUCCESS")] }, CancellationToken.None);
        var older = await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Refunds = [Refund(shop, 11, 15, 30, "CLOSED")] }, CancellationToken.None);

        Assert.Equal(1L, newer.RefundsUpdated);
        Assert.Equal(1L, older.RefundsUnchanged);
        Assert.Equal("SUCCESS", await SinkTables.ScalarAsync<string>(db, "SELECT status FROM staging.refund WHERE shop_id = @shop", shop));
        Assert.Equal("SUCCESS", await SinkTables.ScalarAsync<string>(db, "SELECT payload->>'status' FROM raw.refund WHERE shop_id = @shop", shop));
    }

    [Fact]
    public async Task A_dead_letter_counts_a_later_attempt_and_is_resolved_when_its_trade_arrives()
    {
        var shop = NewShop();
        const string Method = "taobao.trade.fullinfo.get";
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { DeadLetters = [DeadLetter.ForTrade(shop, 5, Method, Base)] }, CancellationToken.None);
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { DeadLetters = [DeadLetter.ForTrade(shop, 5, Method, Base + Duration.FromMinutes(1))] }, CancellationToken.None);
        Assert.Equal(2, await SinkTables.ScalarAsync<int>(db, "SELECT attempts FROM etl.dead_letter WHERE shop_id = @shop", shop));

        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [Trade(shop, 5, 10, 11)] }, CancellationToken.None);
        Assert.Equal(0L, await SinkTables.ScalarAsync<long>(db, "SELECT count(*) FROM etl.dead_letter WHERE shop_id = @shop AND resolved_at IS NULL", shop));
    }

    [Fact]
    public async Task A_normalized_fixture_lands_in_staging_with_cjk_text_and_exact_money()
    {
        var shop = NewShop();
        var json = """
            {"tid":"163288460521882636","status":"WAIT_SELLER_SEND_GOODS","type":"fixed","modified":"2026-11-11 00:00:42","payment":"285.80",
             "receiver_name":"屈**","receiver_address":"文**路**号",
             "orders":{"order":[{"oid":"163288460521882637","title":"西湖龙井 明前特级","price":"199.00","num":"1"},{"oid":163288460521882638,"title":"青瓷茶杯","price":49.5,"num":2}]}}
            """;
        var trade = TradeNormalizer.Normalize(System.Text.Encoding.UTF8.GetBytes(json), shop, Base + Duration.FromMinutes(1)).Value;
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch { Trades = [trade] }, CancellationToken.None);

        Assert.Equal(285.80m, await SinkTables.ScalarAsync<decimal>(db, "SELECT payment FROM staging.sales_order WHERE shop_id = @shop", shop));
        Assert.Equal("to_ship", await SinkTables.ScalarAsync<string>(db, "SELECT erp_status FROM staging.sales_order WHERE shop_id = @shop", shop));
        Assert.Equal("西湖龙井 明前特级", await SinkTables.ScalarAsync<string>(db, "SELECT title FROM staging.sales_order_line WHERE shop_id = @shop AND oid = 163288460521882637", shop));
        Assert.Equal("2026-11-10 16:00:42+00", await SinkTables.ScalarAsync<string>(db, "SELECT to_char(modified AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00' FROM staging.sales_order WHERE shop_id = @shop", shop));
        Assert.Equal("163288460521882636", await SinkTables.ScalarAsync<string>(db, "SELECT payload->>'tid' FROM raw.trade WHERE shop_id = @shop", shop));
    }

    private sealed class WatermarkCheckpoint(string shop, Instant watermark) : ICheckpoint
    {
        public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO etl.sync_state (shop_id, stream, watermark) VALUES (@shop, 'trade', @watermark)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("shop", shop));
            command.Parameters.Add(new NpgsqlParameter("watermark", watermark));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed class CancellingCheckpoint(CancellationTokenSource cancellation) : ICheckpoint
    {
        public Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            cancellation.Cancel();
            return Task.CompletedTask;
        }
    }

    private sealed class FailingCheckpoint : ICheckpoint
    {
        public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand("SELECT 1 / 0", connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
