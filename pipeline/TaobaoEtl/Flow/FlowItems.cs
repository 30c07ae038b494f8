using TaobaoEtl.Normalize;
using TaobaoEtl.Paging;
using TaobaoEtl.Sink;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>The trades one list call returned that the window's plan had not returned before.</summary>
public sealed record ListedPage(WindowProgress Window, IReadOnlyList<ListedTrade> Trades);

/// <summary>A trade the known filter could not vouch for: its details must be fetched.</summary>
public sealed record DetailOrder(WindowProgress Window, long Tid);

/// <summary>What the detail call gave: the trade, or a caller error to record as a dead letter.</summary>
public sealed record DetailAnswer(WindowProgress Window, long Tid, FullInfoResult? Trade, DeadLetter? DeadLetter);

/// <summary>One trade on its way to the sink: normalized rows, or its rejection, or its dead letter.</summary>
public sealed record SinkItem(WindowProgress Window, NormalizedTrade? Trade, Rejection? Rejection, DeadLetter? DeadLetter);
