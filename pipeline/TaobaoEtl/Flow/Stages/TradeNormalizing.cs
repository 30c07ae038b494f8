using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;

namespace TaobaoEtl.Flow.Stages;

/// <summary>
/// The normalizer stage: a fetched trade becomes ERP rows, or a rejection bound for quarantine with the trade owed;
/// never dropped. The rejection names the tid that was asked for, so the owed trade can be fetched again even when
/// its answer could not say which trade it was. A version from the future never gets here: the client refuses it
/// (<see cref="Top.FullInfoAnswerCheck"/>, retried, then quarantined as owed by <see cref="DetailFetch"/>).
/// </summary>
/// <param name="trustDateHeader">Test-only (<c>Sync:Testing:TrustDateHeader</c>): store the answer's <c>Date</c> as <c>fetched_at</c>, the broken skip rule.</param>
internal sealed class TradeNormalizing(RunCounters counters, IClock clock, ILogger logger, bool trustDateHeader = false)
{
    public SinkItem Normalize(DetailAnswer answer)
    {
        var outcome = Normalize(answer.Ticket.Shop.ShopId, answer.Result);
        return new SinkItem(answer.Ticket, answer.Tid, outcome.Trade, outcome.Rejection, outcome.DeadLetter, outcome.Owed);
    }

    private TradeOutcome Normalize(string shopId, DetailResult result)
    {
        if (result.Trade is not { } trade) return new TradeOutcome(null, result.Rejection, result.DeadLetter, result.Owed);
        var normalized = TradeNormalizer.Normalize(trade.TradeJson.Span, shopId, trustDateHeader ? trade.Answer.DatedAt : trade.ReadNotBefore, result.Tid);
        if (normalized.IsAccepted) return new TradeOutcome(normalized.AcceptedValue, null, null, null);
        var rejection = normalized.Rejection;
        counters.Quarantine();
        OwedLog.Quarantined(logger, result.Tid, shopId, rejection.Reason);
        return new TradeOutcome(null, rejection, null, new OwedTrade(shopId, result.Tid, OwedCause.Quarantine, rejection.Reason, clock.GetCurrentInstant(), result.ListedModified));
    }
}
