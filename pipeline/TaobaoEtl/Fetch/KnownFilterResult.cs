using TaobaoEtl.Paging;

namespace TaobaoEtl.Fetch;

/// <summary>A page split by the known filter: the trades to fetch and those whose stored copy is current.</summary>
public sealed record KnownFilterResult(IReadOnlyList<ListedTrade> ToFetch, IReadOnlyList<ListedTrade> Skipped);
