using NodaTime;

namespace TaobaoEtl.Top;

/// <summary>
/// When the platform read what it answered, bounded on both sides (top-api.md §2a). The platform reads the data after
/// the request arrives and stamps <c>Date</c> when the answer leaves, so the read instant r satisfies
/// <see cref="ReadNotBefore"/> ≤ r ≤ <see cref="DatedAt"/> (+ the Date header's sub-second floor).
/// </summary>
/// <param name="ReadNotBefore">
/// A LOWER bound of the platform's read instant, on the platform's clock: the version's <c>fetched_at</c>, which the skip
/// rule trusts to prove the copy saw every change of its <c>modified</c> second. With a <c>Date</c> header: the Date
/// second minus the locally measured round trip (monotonic timestamps from just before the send to the response
/// headers); the platform held the request at most that long before stamping, so it needs no clock offset. Without
/// one: the local clock at the send, corrected by the <c>taobao.time.get</c> offset, minus a margin for that offset's
/// one-second resolution.
/// </param>
/// <param name="DatedAt">
/// The platform's instant of the answer, the UPPER side: its <c>Date</c> header, or the local clock at the answer
/// corrected by the offset. Never a version's <c>fetched_at</c>; it bounds how far in the future a version may claim to be.
/// </param>
public readonly record struct TopAnswer(Instant ReadNotBefore, Instant DatedAt, bool FromDateHeader, string? RequestId);

/// <summary>The platform clock from <c>taobao.time.get</c>; <see cref="Offset"/> = platform − local.</summary>
public sealed record PlatformClockReading(Instant Time, Duration Offset, TopAnswer Answer);

/// <summary>A trade as a list call returns it with the fields the pipeline asks for.</summary>
public readonly record struct TradeListItem(long Tid, Instant? Modified, Instant? Created, string? Status, string? Type);

/// <summary>One page of a trade list call: <see cref="HasNext"/> with use_has_next, <see cref="TotalResults"/> without.</summary>
public sealed record TradeListPage(IReadOnlyList<TradeListItem> Trades, bool? HasNext, long? TotalResults, TopAnswer Answer);

/// <summary>
/// One trade from <c>taobao.trade.fullinfo.get</c>: the raw <c>trade</c> object as the platform sent it (UTF-8 JSON,
/// kept for the raw table and parsed by the normalizer), checked to be the asked tid with a version not from the future.
/// </summary>
public sealed record FullInfoResult(long Tid, Instant? Modified, ReadOnlyMemory<byte> TradeJson, TopAnswer Answer)
{
    /// <summary>
    /// The version's <c>fetched_at</c>: a LOWER bound of the instant the platform read the trade (see
    /// <see cref="TopAnswer.ReadNotBefore"/>), so "fetched after second S ended" is proven, never assumed.
    /// </summary>
    public Instant ReadNotBefore => Answer.ReadNotBefore;
}

/// <summary>
/// One refund of a <c>taobao.refunds.receive.get</c> page: the raw refund object as the platform sent it (UTF-8 JSON, for
/// <c>RefundNormalizer</c>, the one reading of a refund) with its id and version read from it for the lister; either is
/// null when the object has none that is valid (the normalizer then says why).
/// </summary>
public sealed record RefundListItem(long? RefundId, Instant? Modified, ReadOnlyMemory<byte> RefundJson);

public sealed record RefundPage(IReadOnlyList<RefundListItem> Refunds, bool? HasNext, long? TotalResults, TopAnswer Answer);

/// <summary>
/// One refund from <c>taobao.refund.get</c>: the raw <c>refund</c> object, checked like a trade's detail
/// (<see cref="FullInfoAnswerCheck"/>: the asked refund, a version not from the future).
/// </summary>
public sealed record RefundResult(long RefundId, Instant? Modified, ReadOnlyMemory<byte> RefundJson, TopAnswer Answer)
{
    /// <summary>The version's <c>fetched_at</c>: a lower bound of the platform's read (<see cref="TopAnswer.ReadNotBefore"/>).</summary>
    public Instant ReadNotBefore => Answer.ReadNotBefore;
}
