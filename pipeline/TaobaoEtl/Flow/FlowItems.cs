using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Paging;
using TaobaoEtl.Sink;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>The trades one list call returned that the window's plan had not returned before.</summary>
public sealed record ListedPage(WindowProgress Window, IReadOnlyList<ListedTrade> Trades);

/// <summary>A trade the known filter could not vouch for: its details must be fetched. <see cref="ListedModified"/> is the
/// version its listing named, which an owed record of it waits for.</summary>
public sealed record DetailOrder(WindowProgress Window, long Tid, Instant? ListedModified);

/// <summary>What the detail call gave for a window's trade.</summary>
public sealed record DetailAnswer(WindowProgress Window, long Tid, DetailResult Result);

/// <summary>
/// What one detail call gave, inside a window or not: the trade, or — for a failure about this trade only — its dead
/// letter or quarantined answer, with the owed record that makes later runs fetch it again. <see cref="ListedModified"/>
/// is the version a listing named (null outside a window), carried into any owed record of the trade.
/// </summary>
public sealed record DetailResult(long Tid, FullInfoResult? Trade, DeadLetter? DeadLetter, Rejection? Rejection, OwedTrade? Owed, Instant? ListedModified = null)
{
    public static DetailResult Fetched(long tid, FullInfoResult trade, Instant? listedModified) => new(tid, trade, null, null, null, listedModified);
}

/// <summary>One trade after the normalizer: its rows, or what it failed with and its owed record.</summary>
public sealed record TradeOutcome(NormalizedTrade? Trade, Rejection? Rejection, DeadLetter? DeadLetter, OwedTrade? Owed);

/// <summary>One trade on its way to the sink: normalized rows, or its rejection or dead letter with its owed record.</summary>
public sealed record SinkItem(WindowProgress Window, NormalizedTrade? Trade, Rejection? Rejection, DeadLetter? DeadLetter, OwedTrade? Owed = null);
