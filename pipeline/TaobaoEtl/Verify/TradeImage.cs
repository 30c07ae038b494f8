using System.Globalization;
using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Verify;

/// <summary>
/// The fields of a trade that staging must carry exactly as the platform has them, built the same way from a
/// truth line and from a <c>staging.sales_order</c> row so the two compare field by field. The ERP status is
/// derived from the truth's Taobao status with the pipeline's own table (<see cref="Normalize.ErpStatus"/>).
/// </summary>
internal sealed record TradeImage(
    string? OrderType,
    string? TaobaoStatus,
    string? ErpStatus,
    Instant? Created,
    Instant? PayTime,
    Instant? ConsignTime,
    Instant? EndTime,
    decimal? Payment,
    decimal? TotalFee,
    decimal? PostFee,
    decimal? DiscountFee,
    decimal? ReceivedPayment,
    string? StepTradeStatus,
    decimal? StepPaidFee,
    string? BuyerNick,
    string? SellerNick,
    string? SellerMemo,
    int? SellerFlag)
{
    // Personal or free text: a difference is named, its values are not printed.
    private static readonly HashSet<string> Private = new(StringComparer.Ordinal) { "buyer_nick", "seller_memo" };

    private static readonly (string Name, Func<TradeImage, object?> Value)[] Fields =
    [
        ("type", t => t.OrderType),
        ("taobao_status", t => t.TaobaoStatus),
        ("erp_status", t => t.ErpStatus),
        ("created", t => t.Created),
        ("pay_time", t => t.PayTime),
        ("consign_time", t => t.ConsignTime),
        ("end_time", t => t.EndTime),
        ("payment", t => t.Payment),
        ("total_fee", t => t.TotalFee),
        ("post_fee", t => t.PostFee),
        ("discount_fee", t => t.DiscountFee),
        ("received_payment", t => t.ReceivedPayment),
        ("step_trade_status", t => t.StepTradeStatus),
        ("step_paid_fee", t => t.StepPaidFee),
        ("buyer_nick", t => t.BuyerNick),
        ("seller_nick", t => t.SellerNick),
        ("seller_memo", t => t.SellerMemo),
        ("seller_flag", t => t.SellerFlag),
    ];

    public static TradeImage FromTruth(TruthLine t) => new(
        t.Type, t.Status, t.Status is null ? null : Normalize.ErpStatus.FromTaobao(t.Status),
        t.Created, t.PayTime, t.ConsignTime, t.EndTime,
        t.Payment, t.TotalFee, t.PostFee, t.DiscountFee, t.ReceivedPayment,
        t.StepTradeStatus, t.StepTradeStatus is null ? null : t.StepPaidFee,
        t.BuyerNick, t.SellerNick, t.SellerMemo, t.SellerFlag);

    public ulong Fingerprint()
    {
        var f = new Fingerprint();
        f.Add(OrderType);
        f.Add(TaobaoStatus);
        f.Add(ErpStatus);
        f.Add(Created);
        f.Add(PayTime);
        f.Add(ConsignTime);
        f.Add(EndTime);
        f.Add(Payment);
        f.Add(TotalFee);
        f.Add(PostFee);
        f.Add(DiscountFee);
        f.Add(ReceivedPayment);
        f.Add(StepTradeStatus);
        f.Add(StepPaidFee);
        f.Add(BuyerNick);
        f.Add(SellerNick);
        f.Add(SellerMemo);
        f.Add(SellerFlag);
        return f.Value;
    }

    /// <summary>Each differing field as <c>name: staging X, truth Y</c> (private fields by name only).</summary>
    public IReadOnlyList<string> DifferencesFrom(TradeImage staged)
    {
        var differences = new List<string>();
        foreach (var (name, value) in Fields)
        {
            var truth = value(this);
            var stored = value(staged);
            if (Equals(truth, stored)) continue;
            differences.Add(Private.Contains(name) ? $"{name} differs" : $"{name}: staging {Show(stored)}, truth {Show(truth)}");
        }

        return differences;
    }

    internal static string Show(object? value) => value switch
    {
        null => "null",
        Instant instant => PlatformTime.Format(instant),
        decimal money => money.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
