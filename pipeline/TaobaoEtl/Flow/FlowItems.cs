using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Paging;
using TaobaoEtl.Sink;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>The trades one list call returned that the window's plan had not returned before.</summary>
public sealed record ListedPage(WindowProgress Window, IReadOnlyList<ListedTrade> Trades);

/// <summary>
/// An id an intake hands to the detail path: its details must be fetched, and its <see cref="Ticket"/> says what follows the
/// commit. <see cref="ListedModified"/> is the version a listing named (null when no listing asked), which an owed record of
/// it waits for.
/// </summary>
internal sealed record DetailOrder(IDetailTicket Ticket, long Tid, Instant? ListedModified);

/// <summary>Ids of one shop fetched again outside any window: a run's due owed trades, or <c>refetch</c>'s.</summary>
public sealed record RefetchRequest(SyncShop Shop, IReadOnlyList<long> Tids);

/// <summary>What the detail call gave for an order.</summary>
internal sealed record DetailAnswer(IDetailTicket Ticket, long Tid, DetailResult Result);

/// <summary>
/// What one detail call gave: the trade, or — for a failure about this trade only — its dead letter or quarantined answer,
/// with the owed record that makes later runs fetch it again. <see cref="ListedModified"/> is the version a listing named
/// (null when no listing asked), carried into any owed record of the trade.
/// </summary>
internal sealed record DetailResult(long Tid, FullInfoResult? Trade, DeadLetter? DeadLetter, Rejection? Rejection, OwedTrade? Owed, Instant? ListedModified = null)
{
    public static DetailResult Fetched(long tid, FullInfoResult trade, Instant? listedModified) => new(tid, trade, null, null, null, listedModified);
}

/// <summary>One trade after the normalizer: its rows, or what it failed with and its owed record.</summary>
internal sealed record TradeOutcome(NormalizedTrade? Trade, Rejection? Rejection, DeadLetter? DeadLetter, OwedTrade? Owed);

/// <summary>One trade on its way to the sink: normalized rows, or its rejection or dead letter with its owed record.</summary>
internal sealed record SinkItem(IDetailTicket Ticket, long Tid, NormalizedTrade? Trade, Rejection? Rejection, DeadLetter? DeadLetter, OwedTrade? Owed = null);
