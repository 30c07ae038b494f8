using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Sink;

/// <summary>What an attempt at a trade met, as <c>etl.owed_trade.cause</c> records it.</summary>
public enum OwedCause
{
    /// <summary>The detail call was refused (<c>isv.*</c>, the overload code 520, an unknown code).</summary>
    DeadLetter,
    /// <summary>The answer could not be mapped (a normalizer rejection, a body malformed through every retry).</summary>
    Quarantine,
    /// <summary>
    /// A reconcile found the trade differing from the platform's listing and its repair left it so: the detail answer was
    /// older than the listed <c>modified</c>, or the copy stayed incomplete.
    /// </summary>
    Reconcile,
}

/// <summary>
/// One failed attempt at a trade or refund a window listed: the sink records (or counts one more attempt on) its open
/// <c>etl.owed_trade</c> row in the batch's transaction, so a window is never done without its trades (refunds) being
/// stored or owed. <see cref="AttemptedAt"/> comes from the run's <c>IClock</c> and drives the backoff; a replay of the
/// same attempt counts nothing. <see cref="LastError"/> is secret-free (codes, sub-codes, the normalizer's reason).
/// <see cref="ListedModified"/> is the <c>modified</c> the listing named: the row resolves only when a stored copy is
/// at or after it (another window's older copy committed later must not close it); null when no listing asked for the
/// trade (refetch, the owed retry), then any stored copy resolves it.
/// <para><see cref="Stream"/> says what <see cref="Tid"/> names: a trade's tid (<see cref="SyncStream.Trade"/>, the
/// default, so the trade path's constructor calls stay as they are) or a refund's refund_id (<see cref="SyncStream.Refund"/>,
/// made by <see cref="ForRefund"/>); a trade and a refund with the same number are two owed rows.</para>
/// </summary>
public sealed record OwedTrade(string ShopId, long Tid, OwedCause Cause, string LastError, Instant AttemptedAt, Instant? ListedModified = null)
{
    /// <summary>The stream that owes the row; for <see cref="SyncStream.Refund"/>, <see cref="Tid"/> is the refund_id.</summary>
    public SyncStream Stream { get; init; } = SyncStream.Trade;

    /// <summary>An owed refund: <paramref name="refundId"/> goes in <see cref="Tid"/> (the table's key column) with <see cref="SyncStream.Refund"/>.</summary>
    public static OwedTrade ForRefund(string shopId, long refundId, OwedCause cause, string lastError, Instant attemptedAt, Instant? listedModified = null) =>
        new(shopId, refundId, cause, lastError, attemptedAt, listedModified) { Stream = SyncStream.Refund };

    internal string CauseText => Cause switch
    {
        OwedCause.DeadLetter => "dead_letter",
        OwedCause.Quarantine => "quarantine",
        OwedCause.Reconcile => "reconcile",
        _ => throw new ArgumentOutOfRangeException(nameof(Cause), Cause, null),
    };
}
