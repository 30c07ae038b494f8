using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Paging;
using TaobaoEtl.Sink;
using TaobaoEtl.Streams;

namespace TaobaoEtl.Flow;

/// <summary>The trades one list call returned that the window's plan had not returned before.</summary>
public sealed record ListedPage(WindowProgress Window, IReadOnlyList<ListedTrade> Trades);

/// <summary>
/// An id of a stream an intake hands to the detail path: its details must be fetched, and its <see cref="Ticket"/> says what
/// follows the commit. <see cref="ListedModified"/> is the version a listing named (null when no listing asked), which an owed
/// record of it waits for.
/// </summary>
internal sealed record DetailOrder(IDetailTicket Ticket, StreamSpec Stream, long Id, Instant? ListedModified);

/// <summary>
/// Ids of one shop and stream fetched again outside any window: a run's due owed ones, <c>refetch</c>'s, or a reconcile's
/// repairs. <see cref="Listed"/> gives, where a listing named one, the <c>modified</c> each id was listed with: an attempt
/// that fails then owes that version, not just any copy (as a window's listing does).
/// </summary>
public sealed record RefetchRequest(SyncShop Shop, StreamSpec Stream, IReadOnlyList<long> Ids, IReadOnlyDictionary<long, Instant>? Listed = null);

/// <summary>
/// What one detail call gave: the body, or — for a failure about this id only — its dead letter or quarantined answer, with
/// the owed record that makes later runs fetch it again.
/// </summary>
internal sealed record DetailResult(DetailBody? Body, DeadLetter? DeadLetter, Rejection? Rejection, OwedTrade? Owed)
{
    public static DetailResult Fetched(DetailBody body) => new(body, null, null, null);
}

/// <summary>What the detail call gave for an order.</summary>
internal sealed record DetailAnswer(DetailOrder Order, DetailResult Result);

/// <summary>
/// One id on its way to the sink: its stream's normalized rows (a trade's or a refund's), or its rejection or dead letter
/// with its owed record.
/// </summary>
internal sealed record SinkItem(IDetailTicket Ticket, long Id, NormalizedTrade? Trade, NormalizedRefund? Refund, Rejection? Rejection,
    DeadLetter? DeadLetter, OwedTrade? Owed)
{
    /// <summary>The details were fetched and mapped (rows to write), as against refused or rejected.</summary>
    public bool IsFetched => Trade is not null || Refund is not null;
}
