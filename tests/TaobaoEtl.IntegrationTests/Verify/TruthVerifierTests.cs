using NodaTime;
using TaobaoEtl.Verify;
using TaobaoEtl.Windows;

namespace TaobaoEtl.IntegrationTests.Verify;

/// <summary>
/// <see cref="TruthVerifier"/> on a faithful copy, then on copies broken one way each: every kind of defect is
/// caught, counted once, and named with its tid.
/// </summary>
public sealed class TruthVerifierTests(StagedWorld world) : IClassFixture<StagedWorld>
{
    private async Task<VerifyReport> VerifyAsync(StagedCopy copy, VerifyScope? scope = null)
    {
        using var http = new HttpClient();
        return await new TruthVerifier(copy.DataSource, http).VerifyAsync(world.Sim.BaseUri, scope ?? VerifyScope.AllShops, CancellationToken.None);
    }

    [Fact]
    public async Task A_faithful_copy_verifies_clean_with_every_owed_trade_counted_once()
    {
        await using var copy = await world.CopyAsync();

        var report = await VerifyAsync(copy);

        Assert.True(world.TradesLoaded > 300, $"the fixture loaded only {world.TradesLoaded} trades");
        Assert.True(world.RefundsLoaded > 0, "the fixture loaded no refund");
        Assert.Equal(
            """{"trades_truth":N,"trades_db":N,"missing":0,"stale":0,"extra":0,"field_mismatch":0,"lines_mismatch":0,"refunds_missing":0,"refunds_stale":0,"refunds_extra":0,"quarantined":0,"dead_letters":0,"pending":0,"owed":0}""".Replace("N", world.TradesLoaded.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            report.ToJson());
        Assert.True(report.IsClean);
        Assert.Empty(report.Offenders);
        // The truth holds 95 days; only the 3 backfill days and today are owed, so most of it was out of scope.
        Assert.True(world.TruthAtLoad.Count > 3 * report.TradesTruth);
        Assert.All(report.Shops, s => Assert.Equal(world.InitialWatermark - Duration.FromDays(StagedWorld.BackfillDays), s.BackfillFrom));
        Assert.All(report.Shops, s => Assert.Equal(PlatformTimeFloor(world.LoadedAt), s.Watermark));
    }

    [Fact]
    public async Task A_deleted_row_is_missing()
    {
        await using var copy = await world.CopyAsync();
        var tid = await copy.ScalarAsync<long>("SELECT tid FROM staging.sales_order ORDER BY modified LIMIT 1");
        await copy.ExecuteAsync($"DELETE FROM staging.sales_order_line WHERE tid = {tid}; DELETE FROM staging.sales_order WHERE tid = {tid}");

        var report = await VerifyAsync(copy);

        Assert.Equal(1, report.Missing);
        Assert.Equal(world.TradesLoaded - 1, report.TradesDb);
        AssertOnly(report, r => r.Missing);
        var offender = Assert.Single(report.Offenders);
        Assert.Equal((tid, OffenceKind.Missing), (offender.Tid, offender.Kind));
        Assert.False(report.IsClean);
    }

    [Fact]
    public async Task An_older_modified_is_stale()
    {
        await using var copy = await world.CopyAsync();
        var tid = await copy.ScalarAsync<long>("SELECT tid FROM staging.sales_order ORDER BY modified LIMIT 1");
        await copy.ExecuteAsync($"UPDATE staging.sales_order SET modified = modified - interval '1 hour' WHERE tid = {tid}");

        var report = await VerifyAsync(copy);

        Assert.Equal(1, report.Stale);
        AssertOnly(report, r => r.Stale);
        var offender = Assert.Single(report.Offenders);
        Assert.Equal((tid, OffenceKind.Stale), (offender.Tid, offender.Kind));
    }

    [Theory]
    [InlineData("payment = payment + 0.01", "payment")]
    [InlineData("total_fee = total_fee * 2", "total_fee")]
    [InlineData("erp_status = 'completed', taobao_status = 'TRADE_FINISHED'", "erp_status")]
    [InlineData("seller_memo = coalesce(seller_memo, '') || ' 改'", "seller_memo")]
    public async Task A_changed_key_field_at_the_same_modified_is_a_field_mismatch(string change, string field)
    {
        await using var copy = await world.CopyAsync();
        var tid = await copy.ScalarAsync<long>("SELECT tid FROM staging.sales_order WHERE taobao_status = 'WAIT_SELLER_SEND_GOODS' ORDER BY modified, tid LIMIT 1");
        Assert.Equal(1, await copy.ExecuteAsync($"UPDATE staging.sales_order SET {change} WHERE tid = {tid}"));

        var report = await VerifyAsync(copy);

        Assert.Equal(1, report.FieldMismatch);
        AssertOnly(report, r => r.FieldMismatch);
        var offender = Assert.Single(report.Offenders);
        Assert.Equal((tid, OffenceKind.FieldMismatch), (offender.Tid, offender.Kind));
        Assert.Contains(field, offender.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE FROM staging.sales_order_line WHERE (tid, oid) = (SELECT tid, max(oid) FROM staging.sales_order_line WHERE tid = {0} GROUP BY tid)", "missing in staging")]
    [InlineData("UPDATE staging.sales_order_line SET quantity = quantity + 1 WHERE oid = (SELECT min(oid) FROM staging.sales_order_line WHERE tid = {0})", "quantity")]
    [InlineData("UPDATE staging.sales_order_line SET payment = payment - 1 WHERE oid = (SELECT min(oid) FROM staging.sales_order_line WHERE tid = {0})", "payment")]
    public async Task A_changed_line_at_the_same_modified_is_a_lines_mismatch(string change, string detail)
    {
        await using var copy = await world.CopyAsync();
        var tid = await copy.ScalarAsync<long>("SELECT o.tid FROM staging.sales_order o WHERE o.line_count > 1 ORDER BY o.modified, o.tid LIMIT 1");
        Assert.Equal(1, await copy.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, change, tid)));

        var report = await VerifyAsync(copy);

        Assert.Equal(1, report.LinesMismatch);
        AssertOnly(report, r => r.LinesMismatch);
        var offender = Assert.Single(report.Offenders);
        Assert.Equal((tid, OffenceKind.LinesMismatch), (offender.Tid, offender.Kind));
        Assert.Contains(detail, offender.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_ahead_of_the_truth_is_a_field_mismatch()
    {
        await using var copy = await world.CopyAsync();
        var tid = await copy.ScalarAsync<long>("SELECT tid FROM staging.sales_order ORDER BY modified, tid LIMIT 1");
        await copy.ExecuteAsync($"UPDATE staging.sales_order SET modified = modified + interval '1 second' WHERE tid = {tid}");

        var report = await VerifyAsync(copy);

        Assert.Equal(1, report.FieldMismatch);
        AssertOnly(report, r => r.FieldMismatch);
        Assert.Contains("after the truth", Assert.Single(report.Offenders).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_same_second_difference_shown_by_the_index_after_the_watermark_is_pending_and_before_it_a_mismatch()
    {
        await using var copy = await world.CopyAsync();
        // A same-second change the copy missed (same modified, other memo) on a trade changed today.
        var tid = await copy.ScalarAsync<long>($"SELECT tid FROM staging.sales_order WHERE modified >= '{world.InitialWatermark}' ORDER BY modified, tid LIMIT 1");
        await copy.ExecuteAsync($"UPDATE staging.sales_order SET seller_memo = coalesce(seller_memo, '') || '*', seller_flag = 4 WHERE tid = {tid}");

        // A watermark claimed at the initial one: every change of today reached the index after it.
        var inside = await VerifyAsync(copy, new VerifyScope { Watermark = world.InitialWatermark });
        var outside = await VerifyAsync(copy);

        Assert.Equal((1L, 0L), (inside.Pending, inside.FieldMismatch));
        Assert.True(inside.IsClean);
        Assert.Equal((0L, 1L), (outside.Pending, outside.FieldMismatch));
        Assert.Contains("seller_flag: staging 4", Assert.Single(outside.Offenders).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trade_changed_inside_the_look_back_but_shown_by_the_index_before_the_watermark_is_missing_not_pending()
    {
        await using var copy = await world.CopyAsync();
        // The latest change the copy holds: inside watermark − look-back, where the old band called everything pending.
        var tid = await copy.ScalarAsync<long>("SELECT tid FROM staging.sales_order ORDER BY modified DESC, tid LIMIT 1");
        Assert.True(await copy.ScalarAsync<bool>($"SELECT modified >= '{world.LoadedAt - Duration.FromMinutes(10)}'::timestamptz FROM staging.sales_order WHERE tid = {tid}"),
            "the fixture's latest change is not inside the look-back");
        await copy.ExecuteAsync($"DELETE FROM staging.sales_order_line WHERE tid = {tid}; DELETE FROM staging.sales_order WHERE tid = {tid}");

        var report = await VerifyAsync(copy);

        Assert.Equal((1L, 0L), (report.Missing, report.Pending));
        Assert.Equal((tid, OffenceKind.Missing), (Assert.Single(report.Offenders).Tid, report.Offenders[0].Kind));
    }

    [Fact]
    public async Task A_fake_trade_is_extra()
    {
        await using var copy = await world.CopyAsync();
        const long fake = 3_100_000_000_000_000_001;
        await copy.ExecuteAsync($"""
            INSERT INTO staging.sales_order (shop_id, tid, taobao_status, erp_status, created, modified, fetched_at, payment)
            SELECT shop_id, {fake}, taobao_status, erp_status, created, modified, fetched_at, payment FROM staging.sales_order ORDER BY tid LIMIT 1
            """);

        var report = await VerifyAsync(copy);

        Assert.Equal(1, report.Extra);
        Assert.Equal(world.TradesLoaded + 1, report.TradesDb);
        AssertOnly(report, r => r.Extra);
        var offender = Assert.Single(report.Offenders);
        Assert.Equal((fake, OffenceKind.Extra), (offender.Tid, offender.Kind));
    }

    [Fact]
    public async Task A_trade_of_another_shop_is_extra_in_the_shop_that_holds_it()
    {
        await using var copy = await world.CopyAsync();
        // The tid exists in the truth, but for the other seller: staging filed it under the wrong shop.
        var moved = await copy.ScalarAsync<long>("""
            WITH one AS (SELECT tid FROM staging.sales_order WHERE shop_id = 'shop-1' ORDER BY modified, tid LIMIT 1)
            UPDATE staging.sales_order SET shop_id = 'shop-2' WHERE tid = (SELECT tid FROM one) RETURNING tid
            """);
        await copy.ExecuteAsync($"UPDATE staging.sales_order_line SET shop_id = 'shop-2' WHERE tid = {moved}");

        var report = await VerifyAsync(copy);

        Assert.Equal((1L, 1L), (report.Missing, report.Extra));
        Assert.Contains(report.Offenders, o => o is { Kind: OffenceKind.Extra, ShopId: "shop-2" } && o.Tid == moved);
        Assert.Contains(report.Offenders, o => o is { Kind: OffenceKind.Missing, ShopId: "shop-1" } && o.Tid == moved);
    }

    [Fact]
    public async Task A_deleted_refund_is_missing_and_fails_the_verdict()
    {
        await using var copy = await world.CopyAsync();
        Assert.Equal(1, await copy.ExecuteAsync($"DELETE FROM staging.refund WHERE refund_id = {OldestRefund}"));

        var report = await VerifyAsync(copy);

        Assert.Equal((1L, 0L, 0L), (report.RefundsMissing, report.RefundsStale, report.RefundsExtra));
        Assert.False(report.IsClean);
        Assert.Equal(OffenceKind.RefundMissing, Assert.Single(report.Offenders).Kind);
    }

    // The oldest staged refund: due (its trade is owed, its modified long before the watermark).
    private const string OldestRefund = "(SELECT refund_id FROM staging.refund ORDER BY modified, refund_id LIMIT 1)";

    [Theory]
    [InlineData("modified = modified - interval '1 hour'", "modified: staging")]
    [InlineData("modified = modified + interval '1 second'", "modified: staging")]
    [InlineData("status = status || '_OLD'", "status: staging")]
    [InlineData("refund_fee = refund_fee + 0.01", "refund_fee: staging")]
    public async Task A_refund_staged_with_another_version_status_or_refund_fee_is_stale_not_missing(string change, string detail)
    {
        await using var copy = await world.CopyAsync();
        var refundId = await copy.ScalarAsync<long>(OldestRefund);
        Assert.Equal(1, await copy.ExecuteAsync($"UPDATE staging.refund SET {change} WHERE refund_id = {refundId}"));

        var report = await VerifyAsync(copy);

        Assert.Equal((0L, 1L, 0L), (report.RefundsMissing, report.RefundsStale, report.RefundsExtra));
        var offender = Assert.Single(report.Offenders);
        Assert.Equal(OffenceKind.RefundStale, offender.Kind);
        Assert.Equal("refunds_stale", offender.KindName);
        Assert.Contains($"refund {refundId}", offender.Detail, StringComparison.Ordinal);
        Assert.Contains(detail, offender.Detail, StringComparison.Ordinal);
        Assert.Contains("\"refunds_stale\":1", report.ToJson(), StringComparison.Ordinal);
        Assert.False(report.IsClean);
    }

    [Fact]
    public async Task A_refund_the_platform_does_not_know_is_extra_and_reported()
    {
        await using var copy = await world.CopyAsync();
        await copy.ExecuteAsync("""
            INSERT INTO staging.refund (shop_id, refund_id, tid, status, refund_fee, modified, fetched_at)
            VALUES ('shop-1', 987654321987654, 42, 'SUCCESS', 1.00, now() - interval '100 days', now())
            """);

        var report = await VerifyAsync(copy);

        Assert.Equal((0L, 0L, 1L), (report.RefundsMissing, report.RefundsStale, report.RefundsExtra));
        var offender = Assert.Single(report.Offenders);
        Assert.Equal((OffenceKind.RefundExtra, "shop-1", 42L), (offender.Kind, offender.ShopId, offender.Tid));
        Assert.Contains("refund 987654321987654", offender.Detail, StringComparison.Ordinal);
        // Reported beside the verdict: an extra refund is no missed or wrong order.
        Assert.True(report.IsClean);
    }

    [Fact]
    public async Task A_refund_staged_in_another_shop_is_missing_in_its_own_and_extra_in_the_other()
    {
        await using var copy = await world.CopyAsync();
        var refundId = await copy.ScalarAsync<long>(OldestRefund);
        var shop = await copy.ScalarAsync<string>($"SELECT shop_id FROM staging.refund WHERE refund_id = {refundId}");
        var other = shop == "shop-1" ? "shop-2" : "shop-1";
        Assert.Equal(1, await copy.ExecuteAsync($"UPDATE staging.refund SET shop_id = '{other}' WHERE refund_id = {refundId}"));

        var report = await VerifyAsync(copy);

        Assert.Equal((1L, 0L, 1L), (report.RefundsMissing, report.RefundsStale, report.RefundsExtra));
        Assert.Contains(report.Offenders, o => o is { Kind: OffenceKind.RefundMissing } && o.ShopId == shop);
        Assert.Contains(report.Offenders, o => o is { Kind: OffenceKind.RefundExtra } && o.ShopId == other);
        Assert.False(report.IsClean);
    }

    [Fact]
    public async Task Quarantine_and_open_dead_letters_are_counted_for_the_verified_shops()
    {
        await using var copy = await world.CopyAsync();
        await copy.ExecuteAsync("""
            INSERT INTO etl.quarantine (shop_id, tid, source, reason, raw_text) VALUES ('shop-1', 1, 'trade', 'test', '{}');
            INSERT INTO etl.dead_letter (shop_id, kind, tid, method) VALUES ('shop-2', 'trade', 2, 'taobao.trade.fullinfo.get');
            INSERT INTO etl.dead_letter (shop_id, kind, tid, method, resolved_at) VALUES ('shop-2', 'trade', 3, 'taobao.trade.fullinfo.get', now());
            """);

        var all = await VerifyAsync(copy);
        var first = await VerifyAsync(copy, new VerifyScope { ShopIds = ["shop-1"] });

        Assert.Equal((1L, 1L), (all.Quarantined, all.DeadLetters));
        Assert.Equal((1L, 0L), (first.Quarantined, first.DeadLetters));
        Assert.True(all.IsClean);
        Assert.Equal("shop-1", Assert.Single(first.Shops).ShopId);
        Assert.True(first.TradesTruth < all.TradesTruth);
    }

    [Fact]
    public async Task A_longer_backfill_than_the_ledger_records_owes_the_older_days()
    {
        await using var copy = await world.CopyAsync();
        var dayBefore = world.InitialWatermark - Duration.FromDays(StagedWorld.BackfillDays + 1);
        var notLoaded = world.TruthAtLoad.Count(t =>
            t.Created >= dayBefore && t.Created < world.InitialWatermark - Duration.FromDays(StagedWorld.BackfillDays) && t.Modified < world.InitialWatermark);

        var report = await VerifyAsync(copy, new VerifyScope { BackfillDays = StagedWorld.BackfillDays + 1 });

        Assert.True(notLoaded > 0);
        Assert.Equal(notLoaded, report.Missing);
        Assert.Equal(world.TradesLoaded + notLoaded, report.TradesTruth);
    }

    [Fact]
    public async Task An_unknown_shop_is_refused()
    {
        await using var copy = await world.CopyAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => VerifyAsync(copy, new VerifyScope { ShopIds = ["no-such-shop"] }));
        Assert.Contains("no-such-shop", error.Message, StringComparison.Ordinal);
    }

    private static Instant PlatformTimeFloor(Instant instant) => PlatformTime.FloorToSecond(instant);

    /// <summary>Every defect counter but the one named is zero.</summary>
    private static void AssertOnly(VerifyReport report, Func<VerifyReport, long> expected)
    {
        long[] counters = [report.Missing, report.Stale, report.Extra, report.FieldMismatch, report.LinesMismatch];
        Assert.Equal(expected(report), counters.Sum());
        Assert.Equal(0, report.Pending);
        Assert.Equal((0L, 0L, 0L), (report.RefundsMissing, report.RefundsStale, report.RefundsExtra));
    }
}
