using NodaTime;
using TaobaoEtl.Verify;

namespace TaobaoEtl.Tests.Verify;

public sealed class VerifyReportTests
{
    [Fact]
    public void The_json_is_one_line_with_the_keys_in_the_documented_order()
    {
        var report = new VerifyReport
        {
            TradesTruth = 1, TradesDb = 2, Missing = 3, Stale = 4, Extra = 5, FieldMismatch = 6, LinesMismatch = 7,
            RefundsMissing = 8, RefundsStale = 13, RefundsExtra = 14, Quarantined = 9, DeadLetters = 10, Pending = 11, Owed = 12,
        };

        Assert.Equal(
            """{"trades_truth":1,"trades_db":2,"missing":3,"stale":4,"extra":5,"field_mismatch":6,"lines_mismatch":7,"refunds_missing":8,"refunds_stale":13,"refunds_extra":14,"quarantined":9,"dead_letters":10,"pending":11,"owed":12}""",
            report.ToJson());
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0, 0, 0, true)]
    [InlineData(1, 0, 0, 0, 0, 0, 0, false)]
    [InlineData(0, 1, 0, 0, 0, 0, 0, false)]
    [InlineData(0, 0, 1, 0, 0, 0, 0, false)]
    [InlineData(0, 0, 0, 1, 0, 0, 0, false)]
    [InlineData(0, 0, 0, 0, 1, 0, 0, false)]
    [InlineData(0, 0, 0, 0, 0, 1, 0, false)]
    [InlineData(0, 0, 0, 0, 0, 0, 1, false)]
    public void Clean_means_no_missing_stale_extra_or_mismatched_trade_and_no_missing_or_stale_refund(long missing, long stale, long extra,
        long fields, long lines, long refundsMissing, long refundsStale, bool clean)
    {
        var report = new VerifyReport
        {
            Missing = missing, Stale = stale, Extra = extra, FieldMismatch = fields, LinesMismatch = lines,
            RefundsMissing = refundsMissing, RefundsStale = refundsStale, RefundsExtra = 5, Quarantined = 5, DeadLetters = 5, Pending = 5,
        };
        Assert.Equal(clean, report.IsClean);
    }
}

/// <summary>The digests that stand in for staged rows: equal content, equal digest; any compared field changed, another.</summary>
public sealed class FingerprintTests
{
    private static readonly TradeImage Base = new("fixed", "WAIT_SELLER_SEND_GOODS", "to_ship", Instant.FromUtc(2026, 10, 1, 0, 0),
        Instant.FromUtc(2026, 10, 1, 0, 1), null, null, 13.80m, 15.00m, 0.00m, 1.20m, 0m, null, null, "t**1", "店", null, 0);

    private static readonly Dictionary<string, TradeImage> ChangedImages = new()
    {
        { "type", Base with { OrderType = "auction" } },
        { "taobao_status", Base with { TaobaoStatus = "TRADE_FINISHED" } },
        { "erp_status", Base with { ErpStatus = "completed" } },
        { "created", Base with { Created = Base.Created!.Value + Duration.FromSeconds(1) } },
        { "pay_time", Base with { PayTime = null } },
        { "consign_time", Base with { ConsignTime = Base.PayTime } },
        { "end_time", Base with { EndTime = Base.PayTime } },
        { "payment", Base with { Payment = 13.81m } },
        { "total_fee", Base with { TotalFee = 0m } },
        { "post_fee", Base with { PostFee = null } },
        { "discount_fee", Base with { DiscountFee = 1.02m } },
        { "received_payment", Base with { ReceivedPayment = 13.80m } },
        { "step_trade_status", Base with { StepTradeStatus = "FRONT_PAID_FINAL_NOPAID" } },
        { "step_paid_fee", Base with { StepPaidFee = 0m } },
        { "buyer_nick", Base with { BuyerNick = "t**2" } },
        { "seller_nick", Base with { SellerNick = "店2" } },
        { "seller_memo", Base with { SellerMemo = "" } },
        { "seller_flag", Base with { SellerFlag = 1 } },
    };

    public static TheoryData<string> Changed() => new(ChangedImages.Keys);

    [Theory]
    [MemberData(nameof(Changed))]
    public void Any_compared_field_changes_the_digest_and_is_named(string field)
    {
        var changed = ChangedImages[field];
        Assert.NotEqual(Base.Fingerprint(), changed.Fingerprint());
        var difference = Assert.Single(Base.DifferencesFrom(changed));
        Assert.StartsWith(field, difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Money_compares_by_value_not_by_scale()
    {
        var rescaled = Base with { Payment = 13.8m, TotalFee = 15m, PostFee = 0m };
        Assert.Equal(Base.Fingerprint(), rescaled.Fingerprint());
        Assert.Empty(Base.DifferencesFrom(rescaled));
    }

    [Fact]
    public void Lines_digest_sees_a_dropped_line_and_a_changed_quantity()
    {
        LineImage[] lines = [new(11, "WAIT_SELLER_SEND_GOODS", "NO_REFUND", null, 10m, 1, 10m, 0m, 10m), new(21, "WAIT_SELLER_SEND_GOODS", "NO_REFUND", null, 5m, 2, 10m, 0m, 10m)];
        LineImage[] dropped = [lines[0]];
        LineImage[] quantity = [lines[0], lines[1] with { Quantity = 3 }];

        Assert.Equal(LineImage.Fingerprint(lines), LineImage.Fingerprint([.. lines]));
        Assert.NotEqual(LineImage.Fingerprint(lines), LineImage.Fingerprint(dropped));
        Assert.NotEqual(LineImage.Fingerprint(lines), LineImage.Fingerprint(quantity));
        Assert.NotEqual(LineImage.Fingerprint([]), LineImage.Fingerprint(dropped));
        Assert.Equal(["oid 21 missing in staging"], LineImage.Differences(lines, dropped));
        Assert.Equal(["oid 21 quantity: staging 3, truth 2"], LineImage.Differences(lines, quantity));
    }
}
