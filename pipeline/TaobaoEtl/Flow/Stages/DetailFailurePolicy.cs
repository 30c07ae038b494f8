using TaobaoEtl.Top;

namespace TaobaoEtl.Flow.Stages;

/// <summary>What the detail path does about a failed <c>fullinfo.get</c> call.</summary>
public enum DetailFailureAction
{
    /// <summary>The run cannot go on (quota, ban, session, credentials, outage after retries): thrown, the run stops.</summary>
    Stop,
    /// <summary>This trade was refused: a dead letter, the trade owed; the run goes on.</summary>
    OweAsDeadLetter,
    /// <summary>The answer is no valid trade even after retries: its raw body quarantined, the trade owed; the run goes on.</summary>
    OweAsQuarantine,
}

/// <summary>
/// Which detail-call failures are about one trade (owe it, go on) and which are about the run (stop). A refusal of one
/// tid (<c>isv.*</c>), the overload answer 520 after the client's retries, an unknown code, or a body that stays
/// malformed must not stop the shop — nor be dropped: the trade is owed and every later run retries it.
/// </summary>
public static class DetailFailurePolicy
{
    public static DetailFailureAction For(TopException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            TopMalformedAnswerException => DetailFailureAction.OweAsQuarantine,
            // Without the raw body there is nothing to quarantine; the trade is owed all the same.
            { Kind: TopErrorKind.MalformedAnswer } => DetailFailureAction.OweAsDeadLetter,
            { Kind: TopErrorKind.CallerError or TopErrorKind.Overloaded or TopErrorKind.Unrecognized } => DetailFailureAction.OweAsDeadLetter,
            _ => DetailFailureAction.Stop,
        };
    }
}
