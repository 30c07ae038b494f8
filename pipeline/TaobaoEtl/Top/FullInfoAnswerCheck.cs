using System.Globalization;
using NodaTime;

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
    /// How far a <c>modified</c> may lie after the answer's own platform instant. The trade service and the gateway
    /// stamp with different clocks, and without a <c>Date</c> header the instant is our clock corrected by time.get's
    /// one-second offset; real skews are seconds. Five minutes is far above those and far below any version that
    /// could outlive the next real change (a later real change is listed and fetched within the look-back).
    /// </summary>
    public static readonly Duration FutureMargin = Duration.FromMinutes(5);

    /// <summary>Null when the answer may be stored; otherwise why not, naming what was asked and what came.</summary>
    /// <param name="askedTid">The tid of the request.</param>
    /// <param name="answeredTid">The answer's <c>tid</c>; null when it has none or none that is an id.</param>
    /// <param name="tidRequired">Whether the request's <c>fields</c> asked for <c>tid</c> (then an answer without one proves nothing).</param>
    /// <param name="modified">The answer's <c>modified</c>, when it has one.</param>
    /// <param name="answeredAt">The platform's instant of the answer: its <c>Date</c>, or platform now.</param>
    public static string? Refusal(long askedTid, long? answeredTid, bool tidRequired, Instant? modified, Instant answeredAt)
    {
        var asked = askedTid.ToString(CultureInfo.InvariantCulture);
        if (answeredTid is { } tid && tid != askedTid)
            return $"answers tid {tid.ToString(CultureInfo.InvariantCulture)} for tid {asked}";
        if (answeredTid is null && tidRequired)
            return $"answers no tid (or one that is no id) for tid {asked}";
        if (modified is { } m && m > answeredAt + FutureMargin)
        {
            return $"modified {TopTime.Format(m)} lies after the answer's own instant {TopTime.Format(answeredAt)} " +
                   $"by more than {FutureMargin.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min (tid {asked})";
        }
        return null;
    }
}
