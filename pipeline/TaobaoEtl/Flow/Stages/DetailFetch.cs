using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow.Stages;

/// <summary>
/// <c>taobao.trade.fullinfo.get</c> for one trade, through the client's rate gate and retries. A failure about this
/// trade only (<see cref="DetailFailurePolicy"/>: a refusal, the overload answer, an unknown code, a body that stayed
/// malformed) becomes a dead letter or a quarantined body, and the trade is owed: the run goes on and later runs
/// retry it. Any other failure (quota, session, credentials, outage after retries) is thrown and stops the run.
/// </summary>
internal sealed class DetailFetch(TopClient client, RunCounters counters, IClock clock, ILogger logger)
{
    public async Task<DetailAnswer> FetchAsync(DetailOrder order, CancellationToken cancellationToken) =>
        new(order.Ticket, order.Tid, await FetchAsync(order.Ticket.Shop, order.Tid, order.ListedModified, cancellationToken));

    /// <param name="listedModified">The version a listing named (null when no listing asked): an owed record waits for it.</param>
    private async Task<DetailResult> FetchAsync(SyncShop shop, long tid, Instant? listedModified, CancellationToken cancellationToken)
    {
        try
        {
            var trade = await client.GetFullInfoAsync(shop.Session, tid, cancellationToken);
            counters.DetailCall();
            return DetailResult.Fetched(tid, trade, listedModified);
        }
        catch (TopException ex) when (DetailFailurePolicy.For(ex) != DetailFailureAction.Stop)
        {
            counters.DetailCall();
            var now = clock.GetCurrentInstant();
            if (ex is TopMalformedAnswerException malformed)
            {
                counters.Quarantine();
                OwedLog.MalformedQuarantined(logger, tid, shop.ShopId, malformed.Reason);
                // The body as text: RawText keeps what PostgreSQL text cannot hold (a NUL) as base64.
                var rejection = new Rejection(shop.ShopId, Rejection.TradeSource, tid,
                    $"the platform's answer to {ex.Method} stayed malformed after retries: {malformed.Reason}",
                    RawText.From(Encoding.UTF8.GetBytes(malformed.RawBody)));
                return new DetailResult(tid, null, null, rejection, new OwedTrade(shop.ShopId, tid, OwedCause.Quarantine, rejection.Reason, now, listedModified), listedModified);
            }

            counters.DeadLetter();
            OwedLog.DeadLettered(logger, tid, shop.ShopId, ex.Kind.ToString(), ex.Code, ex.SubCode, ex.RequestId);
            var letter = DeadLetter.ForTrade(shop.ShopId, tid, ex.Method, now) with
            {
                Code = ex.Code, SubCode = ex.SubCode, SubMsg = ex.SubMsg, RequestId = ex.RequestId,
            };
            // The exception's message is secret-free (the client redacts the secret and the session).
            return new DetailResult(tid, null, letter, null, new OwedTrade(shop.ShopId, tid, OwedCause.DeadLetter, ex.Message, now, listedModified), listedModified);
        }
    }
}
