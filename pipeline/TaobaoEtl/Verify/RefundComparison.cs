using System.Globalization;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Verify;

/// <summary>
/// The refund rule of <see cref="TruthVerifier"/>: a due refund staged with the same refund id is stale when any of these
/// differ from the truth's. Amounts are compared as stored (decimal, so 13.8 and 13.80 are one amount).
/// </summary>
internal static class RefundComparison
{
    /// <summary>
    /// What differs between a staged refund and the truth's, as "field: staging X, truth Y": the version, the status and
    /// the amounts as stored. <c>total_fee</c> and <c>payment</c> are compared only when the truth states them.
    /// </summary>
    public static IReadOnlyList<string> Differences(in StagedRefund staged, TruthLine truth, Instant modified)
    {
        var differences = new List<string>(2);
        if (staged.Modified != modified)
            differences.Add($"modified: staging {PlatformTime.Format(staged.Modified)}, truth {PlatformTime.Format(modified)}");
        if (!string.Equals(staged.Status, truth.Status, StringComparison.Ordinal))
            differences.Add($"status: staging {staged.Status ?? "null"}, truth {truth.Status ?? "null"}");
        Money("refund_fee", staged.RefundFee, truth.RefundFee, always: true);
        Money("total_fee", staged.TotalFee, truth.TotalFee, always: false);
        Money("payment", staged.Payment, truth.Payment, always: false);
        return differences;

        void Money(string field, decimal? stagedValue, decimal? truthValue, bool always)
        {
            // decimal equality ignores the scale: 13.8 and 13.80 are the same amount.
            if ((always || truthValue is not null) && stagedValue != truthValue)
                differences.Add($"{field}: staging {Text(stagedValue)}, truth {Text(truthValue)}");
        }

        static string Text(decimal? amount) => amount?.ToString(CultureInfo.InvariantCulture) ?? "null";
    }
}
