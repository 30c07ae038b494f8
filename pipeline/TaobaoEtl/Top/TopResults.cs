using NodaTime;

namespace TaobaoEtl.Top;

/// <summary>
/// When and how the platform answered: <see cref="AnsweredAt"/> is the HTTP <c>Date</c> header (the gateway's own
/// clock) or, when absent, the local clock corrected by the <c>taobao.time.get</c> offset minus a safety margin.
/// </summary>
public readonly record struct TopAnswer(Instant AnsweredAt, bool FromDateHeader, string? RequestId);

/// <summary>The platform clock from <c>taobao.time.get</c>; <see cref="Offset"/> = platform − local.</summary>
public sealed record PlatformTime(Instant Time, Duration Offset, TopAnswer Answer);

/// <summary>A trade as a list call returns it with the fields the pipeline asks for.</summary>
public readonly record struct TradeListItem(long Tid, Instant? Modified, Instant? Created, string? Status, string? Type);

/// <summary>One page of a trade list call: <see cref="HasNext"/> with use_has_next, <see cref="TotalResults"/> without.</summary>
public sealed record TradeListPage(IReadOnlyList<TradeListItem> Trades, bool? HasNext, long? TotalResults, TopAnswer Answer);

/// <summary>
/// One trade from <c>taobao.trade.fullinfo.get</c>: the raw <c>trade</c> object as the platform sent it (UTF-8 JSON,
/// kept for the raw table and parsed by the normalizer), with the instant of the answer.
/// </summary>
public sealed record FullInfoResult(long Tid, Instant? Modified, ReadOnlyMemory<byte> TradeJson, TopAnswer Answer);

public sealed record RefundPage(IReadOnlyList<Refund> Refunds, bool? HasNext, long? TotalResults, TopAnswer Answer);

public sealed record RefundResult(Refund Refund, TopAnswer Answer);
