using System.Globalization;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Top;

/// <summary>
/// Whether a <c>taobao.trade.fullinfo.get</c> answer may be taken as the asked trade's version. A copy is stored under
/// the tid it claims and wins every upsert with a later <c>modified</c>, so two lies cost orders for good: an answer
/// for another trade (a row under the wrong tid, the asked one never fetched) and a <c>modified</c> from the future
/// (it beats every real later version). Both are refused; the detail path quarantines the body as owed.
/// </summary>
public static class FullInfoAnswerCheck
{
    /// <summary>
    /// How far a <c>modified</c> may lie after the answer's own platform instant: the program's one future-version
    /// rule (checked here, before the body leaves the client, so a bad answer is retried first, then quarantined and
    /// owed). Too small refuses real versions: the trade service and the gateway stamp with different clocks (skews of
    /// seconds), both instants have one-second resolution, and a <c>Date</c>-less answer is dated by our clock plus
    /// time.get's offset, which is off by at most half that call's round trip plus its one-second resolution (a few
    /// seconds, at most half the call timeout). A false refusal is loud (owed, exit 65), never a loss. Too large loses
    /// silently: a bogus version up to the margin ahead beats every real change within the margin after it, and a trade
    /// whose last change falls there stays stale for good. One minute is ten times the skews above and keeps that
    /// stretch to one minute.
    /// </summary>
    public static readonly Duration FutureMargin = Duration.FromMinutes(1);

    /// <summary>Null when the answer may be stored; otherwise why not, naming what was asked and what came.</summary>
    /// <param name="askedTid">The tid of the request.</param>
    /// <param name="answeredTid">The answer's <c>tid</c>; null when it has none or none that is an id.</param>
    /// <param name="tidRequired">Whether the request's <c>fields</c> asked for <c>tid</c> (then an answer without one proves nothing).</param>
    /// <param name="modified">The answer's <c>modified</c>, when it has one.</param>
    /// <param name="answeredAt">The platform's instant of the answer: its <c>Date</c>, or platform now.</param>
    /// <param name="idName">The id's field: <c>tid</c>, or <c>refund_id</c> for <c>taobao.refund.get</c>, whose answer must hold the same two rules.</param>
    public static string? Refusal(long askedTid, long? answeredTid, bool tidRequired, Instant? modified, Instant answeredAt, string idName = "tid")
    {
        var asked = askedTid.ToString(CultureInfo.InvariantCulture);
        if (answeredTid is { } tid && tid != askedTid)
            return $"answers {idName} {tid.ToString(CultureInfo.InvariantCulture)} for {idName} {asked}";
        if (answeredTid is null && tidRequired)
            return $"answers no {idName} (or one that is no id) for {idName} {asked}";
        if (modified is { } m && m > answeredAt + FutureMargin)
        {
            return $"modified {PlatformTime.Format(m)} lies after the answer's own instant {PlatformTime.Format(answeredAt)} " +
                   $"by more than {FutureMargin.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min ({idName} {asked})";
        }
        return null;
    }
}
