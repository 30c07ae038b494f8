using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow.Stages;

/// <summary>
/// The stream's detail call (<c>taobao.trade.fullinfo.get</c>, <c>taobao.refund.get</c>) for one id, through the client's
/// rate gate and retries. A failure about this id only (<see cref="DetailFailurePolicy"/>: a refusal, the overload answer,
/// an unknown code, a body that stayed malformed) becomes a dead letter or a quarantined body, and the id is owed: the run
/// goes on and later runs retry it. Any other failure (quota, session, credentials, outage after retries) is thrown and
/// stops the run.
/// </summary>
internal sealed class DetailFetch(TopClient client, RunCounters counters, IClock clock, ILogger logger)
{
    public async Task<DetailAnswer> FetchAsync(DetailOrder order, CancellationToken cancellationToken)
    {
        var (shop, stream, id) = (order.Ticket.Shop, order.Stream, order.Id);
        try
        {
            var body = await stream.FetchAsync(client, shop.Session, id, cancellationToken);
            counters.DetailCall();
            return new DetailAnswer(order, DetailResult.Fetched(body));
        }
        catch (TopException ex) when (DetailFailurePolicy.For(ex) != DetailFailureAction.Stop)
        {
            counters.DetailCall();
            var now = clock.GetCurrentInstant();
            if (ex is TopMalformedAnswerException malformed)
            {
                counters.Quarantine();
                OwedLog.MalformedQuarantined(logger, stream.IdName, id, shop.ShopId, malformed.Reason);
                // The body as text: RawText keeps what PostgreSQL text cannot hold (a NUL) as base64.
                var rejection = new Rejection(shop.ShopId, stream.RejectionSource, id,
                    $"the platform's answer to {ex.Method} stayed malformed after retries: {malformed.Reason}",
                    RawText.From(Encoding.UTF8.GetBytes(malformed.RawBody)));
                return new DetailAnswer(order, new DetailResult(null, null, rejection,
                    Owed(order, OwedCause.Quarantine, rejection.Reason, now)));
            }

            counters.DeadLetter();
            OwedLog.DeadLettered(logger, stream.IdName, id, shop.ShopId, ex.Kind.ToString(), ex.Code, ex.SubCode, ex.RequestId);
            var letter = stream.DeadLetterFor(shop.ShopId, id, ex.Method, now) with
            {
                Code = ex.Code, SubCode = ex.SubCode, SubMsg = ex.SubMsg, RequestId = ex.RequestId,
            };
            // The exception's message is secret-free (the client redacts the secret and the session).
            return new DetailAnswer(order, new DetailResult(null, letter, null, Owed(order, OwedCause.DeadLetter, ex.Message, now)));
        }
    }

    /// <summary>The owed record of a failed attempt: it waits for the version the listing named, of the order's stream.</summary>
    internal static OwedTrade Owed(DetailOrder order, OwedCause cause, string reason, Instant at) =>
        new(order.Ticket.Shop.ShopId, order.Id, cause, reason, at, order.ListedModified) { Stream = order.Stream.Stream };
}
