using NodaTime;

namespace TaobaoEtl.Paging;

/// <summary>A trade as a list call names it: its id and the <c>modified</c> second it was listed with.</summary>
public readonly record struct ListedTrade(long Tid, Instant Modified);
