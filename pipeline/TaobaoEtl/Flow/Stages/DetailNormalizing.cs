using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Sink;

namespace TaobaoEtl.Flow.Stages;

/// <summary>
/// The normalizer stage: a fetched body becomes its stream's staging rows, or a rejection bound for quarantine with the id
/// owed; never dropped. The rejection names the id that was asked for, so the owed id can be fetched again even when its
/// answer could not say which it was. A version from the future never gets here: the client refuses it
/// (<see cref="Top.FullInfoAnswerCheck"/>, retried, then quarantined as owed by <see cref="DetailFetch"/>).
/// </summary>
/// <param name="trustDateHeader">Test-only (<c>Sync:Testing:TrustDateHeader</c>): store the answer's <c>Date</c> as <c>fetched_at</c>, the broken skip rule.</param>
internal sealed class DetailNormalizing(RunCounters counters, IClock clock, ILogger logger, bool trustDateHeader = false)
{
    public SinkItem Normalize(DetailAnswer answer)
    {
        var (order, result) = (answer.Order, answer.Result);
        var shopId = order.Ticket.Shop.ShopId;
        if (result.Body is not { } body)
            return new SinkItem(order.Ticket, order.Id, null, null, result.Rejection, result.DeadLetter, result.Owed);
        var normalized = order.Stream.Normalize(body, shopId, trustDateHeader ? body.Answer.DatedAt : body.ReadNotBefore, order.Id);
        if (normalized.Rejection is not { } rejection)
            return new SinkItem(order.Ticket, order.Id, normalized.Trade, normalized.Refund, null, null, null);
        counters.Quarantine();
        OwedLog.Quarantined(logger, order.Stream.IdName, order.Id, shopId, rejection.Reason);
        return new SinkItem(order.Ticket, order.Id, null, null, rejection, null,
            DetailFetch.Owed(order, OwedCause.Quarantine, rejection.Reason, clock.GetCurrentInstant()));
    }
}
