namespace TaobaoEtl.Paging;

/// <summary>
/// What a list call answered. <see cref="TotalResults"/> is present only when the call was made with
/// <c>use_has_next=false</c> (the platform counts then); <see cref="HasNext"/> only matters with
/// <c>use_has_next=true</c>, and is null when the answer left it out (a fault the plans refuse).
/// <see cref="Unnamed"/> counts the items the answer listed without a valid id (a refund without <c>refund_id</c>): they
/// are left out of <see cref="Trades"/>, since nothing can be fetched for them, and the page is refused
/// (<see cref="ListAnswerFaultKind.MissingId"/>) rather than taken as whole.
/// </summary>
public sealed record TidPage(IReadOnlyList<ListedTrade> Trades, bool? HasNext, long? TotalResults, int Unnamed = 0);
