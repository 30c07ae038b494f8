using Microsoft.Extensions.Logging;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Flow;

/// <summary>The normalizer stage: a fetched trade becomes ERP rows, or a rejection bound for quarantine; never dropped.</summary>
internal sealed class TradeNormalizing(RunCounters counters, ILogger logger)
{
    public SinkItem Normalize(DetailAnswer answer)
    {
        if (answer.DeadLetter is { } letter) return new SinkItem(answer.Window, null, null, letter);
        var trade = answer.Trade ?? throw new InvalidOperationException($"Trade {answer.Tid} came with neither details nor a dead letter.");
        var shopId = answer.Window.Shop.ShopId;
        var result = TradeNormalizer.Normalize(trade.TradeJson.Span, shopId, trade.ReadNotBefore);
        if (result.IsAccepted) return new SinkItem(answer.Window, result.AcceptedValue, null, null);
        counters.Quarantine();
        FlowLog.Quarantined(logger, result.Rejection.Tid ?? answer.Tid, shopId, result.Rejection.Reason);
        return new SinkItem(answer.Window, null, result.Rejection, null);
    }
}
