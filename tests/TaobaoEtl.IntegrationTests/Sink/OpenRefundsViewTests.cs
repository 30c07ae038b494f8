using Npgsql;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using static TaobaoEtl.IntegrationTests.Sink.SinkTrades;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.Sink;

/// <summary><c>staging.v_refunds_open</c> (issue 18): open refunds with the order line they are against.</summary>
public sealed class OpenRefundsViewTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    // Trade 1's lines are oids 101 and 102 (SinkTrades.Trade); line 101 was refunded twice, one refund after another.
    private static NormalizedRefund Against(NormalizedRefund refund, long tid, long oid, string? status) =>
        refund with { Refund = refund.Refund with { Tid = tid, Oid = oid, Status = status } };

    [Fact]
    public async Task Lists_only_open_refunds_with_their_line_and_says_which_is_the_lines_latest()
    {
        var shop = NewShop();
        var trade = Trade(shop, 1, 10, 11);
        var lines = trade.Lines.Select(l => l.Oid == 101 ? l with { RefundId = 22, RefundStatus = "WAIT_SELLER_AGREE" } : l).ToArray();
        await CopySink.WriteBatchAsync(db.DataSource, new SinkBatch
        {
            Trades = [trade with { Lines = lines }],
            Refunds =
            [
                Against(Refund(shop, 21, 10, 11, "x"), 1, 101, "SELLER_REFUSE_BUYER"),
                Against(Refund(shop, 22, 10, 11, "x"), 1, 101, "WAIT_SELLER_AGREE"),
                Against(Refund(shop, 23, 10, 11, "x"), 1, 102, "SUCCESS"),
                Against(Refund(shop, 24, 10, 11, "x"), 1, 102, "CLOSED"),
                Against(Refund(shop, 25, 10, 11, "x"), 9, 901, null),
            ],
        }, CancellationToken.None);

        var open = await ReadAsync(shop);

        Assert.Equal([21L, 22L, 25L], open.Select(r => r.RefundId));
        Assert.Equal((false, (decimal?)(19.90m + 1)), (open[0].IsLatest, open[0].LinePayment));
        Assert.Equal((true, (decimal?)(19.90m + 1)), (open[1].IsLatest, open[1].LinePayment));
        // A refund whose trade is not staged yet is still shown, with no line.
        Assert.Equal(((bool?)null, (decimal?)null), (open[2].IsLatest, open[2].LinePayment));
        Assert.All(open, r => Assert.Equal(94.30m, r.RefundFee));
    }

    private sealed record OpenRefund(long RefundId, bool? IsLatest, decimal? LinePayment, decimal? RefundFee);

    private async Task<IReadOnlyList<OpenRefund>> ReadAsync(string shop)
    {
        await using var command = db.DataSource.CreateCommand(
            "SELECT refund_id, is_latest_of_line, line_payment, refund_fee FROM staging.v_refunds_open WHERE shop_id = @shop ORDER BY refund_id");
        command.Parameters.Add(new NpgsqlParameter("shop", shop));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OpenRefund>();
        while (await reader.ReadAsync())
            rows.Add(new OpenRefund(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetBoolean(1),
                reader.IsDBNull(2) ? null : reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetDecimal(3)));
        return rows;
    }
}
