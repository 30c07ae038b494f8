using NodaTime;

namespace TaobaoEtl.Paging;

/// <summary>
/// A trade as a list call names it: its id and the <c>modified</c> second it was listed with, and, when the list is
/// ordered by <c>created</c> (<c>sold.get</c>, a backfill day), its <c>created</c>: the key that plan cuts the day by.
/// </summary>
public readonly record struct ListedTrade(long Tid, Instant Modified, Instant? Created = null);
