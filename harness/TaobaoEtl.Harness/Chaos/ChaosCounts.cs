using System.Text.Json;
using TaobaoEtl.Verify;

namespace TaobaoEtl.Harness.Chaos;

/// <summary>Verify's defect counts, one run's or summed over runs.</summary>
public sealed record ChaosCounts(long Missing, long Stale, long Extra, long FieldMismatch, long LinesMismatch, long RefundsMissing, long RefundsStale, long Pending)
{
    public static ChaosCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static ChaosCounts Of(VerifyReport report) => new(report.Missing, report.Stale, report.Extra, report.FieldMismatch,
        report.LinesMismatch, report.RefundsMissing, report.RefundsStale, report.Pending);

    public ChaosCounts Plus(ChaosCounts other) => new(Missing + other.Missing, Stale + other.Stale, Extra + other.Extra,
        FieldMismatch + other.FieldMismatch, LinesMismatch + other.LinesMismatch, RefundsMissing + other.RefundsMissing,
        RefundsStale + other.RefundsStale, Pending + other.Pending);

    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteNumber("missing", Missing);
        json.WriteNumber("stale", Stale);
        json.WriteNumber("extra", Extra);
        json.WriteNumber("field_mismatch", FieldMismatch);
        json.WriteNumber("lines_mismatch", LinesMismatch);
        json.WriteNumber("refunds_missing", RefundsMissing);
        json.WriteNumber("refunds_stale", RefundsStale);
        json.WriteNumber("pending", Pending);
    }
}
