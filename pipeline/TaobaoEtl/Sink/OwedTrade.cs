using NodaTime;

namespace TaobaoEtl.Sink;

/// <summary>What an attempt at a trade met, as <c>etl.owed_trade.cause</c> records it.</summary>
public enum OwedCause
{
    /// <summary>The detail call was refused (<c>isv.*</c>, the overload code 520, an unknown code).</summary>
    DeadLetter,
    /// <summary>The answer could not be mapped (a normalizer rejection, a body malformed through every retry).</summary>
    Quarantine,
}

/// <summary>
/// One failed attempt at a trade a window listed: the sink records (or counts one more attempt on) the trade's open
/// <c>etl.owed_trade</c> row in the batch's transaction, so a window is never done without its trades being stored
/// or owed. <see cref="AttemptedAt"/> comes from the run's <c>IClock</c> and drives the backoff; a replay of the
/// same attempt counts nothing. <see cref="LastError"/> is secret-free (codes, sub-codes, the normalizer's reason).
/// <see cref="ListedModified"/> is the <c>modified</c> the listing named: the row resolves only when a stored copy is
/// at or after it (another window's older copy committed later must not close it); null when no listing asked for the
/// trade (refetch, the owed retry), then any stored copy resolves it.
/// </summary>
public sealed record OwedTrade(string ShopId, long Tid, OwedCause Cause, string LastError, Instant AttemptedAt, Instant? ListedModified = null)
{
    internal string CauseText => Cause == OwedCause.DeadLetter ? "dead_letter" : "quarantine";
}
