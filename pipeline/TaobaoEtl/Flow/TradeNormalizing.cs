using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;

namespace TaobaoEtl.Flow;

/// <summary>
/// The normalizer stage: a fetched trade becomes ERP rows, or a rejection bound for quarantine with the trade owed;
/// never dropped. The rejection names the tid that was asked for, so the owed trade can be fetched again even when
/// its answer could not say which trade it was. A version from the future never gets here: the client refuses it
/// (<see cref="Top.FullInfoAnswerCheck"/>, retried, then quarantined as owed by <see cref="DetailFetch"/>).
/// </summary>
internal sealed class TradeNormalizing(RunCounters counters, IClock clock, ILogger logger)
{
    public SinkItem Normalize(DetailAnswer answer)
    {
        var outcome = Normalize(answer.Window.Shop.ShopId, answer.Result);
        return new SinkItem(answer.Window, outcome.Trade, outcome.Rejection, outcome.DeadLetter, outcome.Owed);
    }

    public TradeOutcome Normalize(string shopId, DetailResult result)
    {
        if (result.Trade is not { } trade) return new TradeOutcome(null, result.Rejection, result.DeadLetter, result.Owed);
        var normalized = TradeNormalizer.Normalize(trade.TradeJson.Span, shopId, trade.ReadNotBefore, result.Tid);
        if (normalized.IsAccepted) return new TradeOutcome(normalized.AcceptedValue, null, null, null);
        var rejection = normalized.Rejection;
        counters.Quarantine();
        OwedLog.Quarantined(logger, result.Tid, shopId, rejection.Reason);
        return new TradeOutcome(null, rejection, null, new OwedTrade(shopId, result.Tid, OwedCause.Quarantine, rejection.Reason, clock.GetCurrentInstant(), result.ListedModified));
    }
}
