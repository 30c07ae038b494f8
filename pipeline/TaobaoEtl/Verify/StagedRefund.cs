using NodaTime;

namespace TaobaoEtl.Verify;

/// <summary>
/// A <c>staging.refund</c> row reduced to what the comparison reads: its version, status and amounts as stored, and
/// its trade. <see cref="Seen"/> turns true when the truth names its refund id for that shop; the rest are extras.
/// </summary>
internal struct StagedRefund
{
    public long? Tid;
    public Instant Modified;
    public string? Status;
    public decimal? RefundFee;
    public decimal? TotalFee;
    public decimal? Payment;
    public bool Seen;
}
