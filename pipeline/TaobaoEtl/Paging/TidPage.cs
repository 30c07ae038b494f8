namespace TaobaoEtl.Paging;

/// <summary>
/// What a list call answered. <see cref="TotalResults"/> is present only when the call was made with
/// <c>use_has_next=false</c> (the platform counts then); <see cref="HasNext"/> only matters with
/// <c>use_has_next=true</c>, and is null when the answer left it out (a fault the plans refuse).
/// </summary>
public sealed record TidPage(IReadOnlyList<ListedTrade> Trades, bool? HasNext, long? TotalResults);
