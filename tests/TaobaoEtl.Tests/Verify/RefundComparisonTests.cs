using NodaTime;
using TaobaoEtl.Verify;

namespace TaobaoEtl.Tests.Verify;

/// <summary>The refund rule of verify: a staged refund is stale when its version, status or an amount the truth states differs.</summary>
public sealed class RefundComparisonTests
{
    private static readonly Instant Modified = Instant.FromUtc(2026, 11, 11, 2, 0, 0);

    private static StagedRefund Staged() => new()
    {
        Tid = 7, Modified = Modified, Status = "SUCCESS", RefundFee = 13.80m, TotalFee = 88.00m, Payment = 13.80m,
    };

    private static TruthLine Truth() => new()
    {
        Kind = TruthLine.RefundKind, RefundId = 1, Tid = 7, Modified = Modified, Status = "SUCCESS", RefundFee = 13.8m,
    };

    public static TheoryData<string, string> Changes => new()
    {
        { "staged older", "modified: staging 2026-11-11 09:59:59, truth 2026-11-11 10:00:00" },
        { "staged ahead", "modified: staging 2026-11-11 10:00:01, truth 2026-11-11 10:00:00" },
        { "status", "status: staging WAIT_SELLER_AGREE, truth SUCCESS" },
        { "refund_fee", "refund_fee: staging 13.81, truth 13.8" },
        { "refund_fee not stored", "refund_fee: staging null, truth 13.8" },
        { "total_fee stated", "total_fee: staging 88.00, truth 99.00" },
        { "payment stated", "payment: staging 13.80, truth 1.00" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void One_difference_is_named_with_both_values(string change, string expected)
    {
        var staged = Staged();
        var truth = Truth();
        switch (change)
        {
            case "staged older": staged.Modified -= Duration.FromSeconds(1); break;
            case "staged ahead": staged.Modified += Duration.FromSeconds(1); break;
            case "status": staged.Status = "WAIT_SELLER_AGREE"; break;
            case "refund_fee": staged.RefundFee = 13.81m; break;
            case "refund_fee not stored": staged.RefundFee = null; break;
            case "total_fee stated": truth.TotalFee = 99.00m; break;
            case "payment stated": truth.Payment = 1.00m; break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, null);
        }

        Assert.Equal([expected], RefundComparison.Differences(staged, truth, truth.Modified!.Value));
    }

    [Fact]
    public void A_faithful_copy_differs_in_nothing_and_amounts_the_truth_leaves_out_are_not_compared()
    {
        // 13.80 stored, "13.8" in the truth: one amount. The truth states no total_fee or payment for this refund.
        Assert.Empty(RefundComparison.Differences(Staged(), Truth(), Modified));
    }
}
