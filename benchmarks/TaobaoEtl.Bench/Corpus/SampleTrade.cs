using NodaTime;

namespace TaobaoEtl.Bench.Corpus;

/// <summary>One trade as <c>taobao.trade.fullinfo.get</c> returned it: the raw <c>trade</c> object, its shop, and when the platform answered.</summary>
public sealed record SampleTrade(string ShopId, long Tid, byte[] TradeJson, byte[] Envelope, Instant AnsweredAt);
