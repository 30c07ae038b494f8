using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Sink;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// <c>taobao.trade.fullinfo.get</c> for one trade, through the client's rate gate and retries. A caller
/// error (<c>isv.*</c>, e.g. the trade no longer exists) becomes a dead letter and the run goes on; any
/// other failure (quota, session, outage after retries) is thrown and stops the run.
/// </summary>
internal sealed class DetailFetch(TopClient client, RunCounters counters, IClock clock, ILogger logger)
{
    public async Task<DetailAnswer> FetchAsync(DetailOrder order, CancellationToken cancellationToken)
    {
        var shop = order.Window.Shop;
        try
        {
            var trade = await client.GetFullInfoAsync(shop.Session, order.Tid, cancellationToken);
            counters.DetailCall();
            return new DetailAnswer(order.Window, order.Tid, trade, null);
        }
        catch (TopException ex) when (ex.Kind == TopErrorKind.CallerError)
        {
            counters.DetailCall();
            counters.DeadLetter();
            FlowLog.TradeDeadLetter(logger, order.Tid, shop.ShopId, ex.SubCode, ex.RequestId);
            var letter = DeadLetter.ForTrade(shop.ShopId, order.Tid, ex.Method, clock.GetCurrentInstant()) with
            {
                Code = ex.Code, SubCode = ex.SubCode, SubMsg = ex.SubMsg, RequestId = ex.RequestId,
            };
            return new DetailAnswer(order.Window, order.Tid, null, letter);
        }
    }
}
