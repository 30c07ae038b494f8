using NodaTime;

namespace TaobaoEtl.Paging;

/// <summary>
/// The key a list method orders its trades by, newest first, and that a <see cref="CutPagePlan"/> cuts its window by:
/// <c>modified</c> for the increment list, <c>created</c> for <c>sold.get</c>. Trades of one second of the key come in
/// no stable order.
/// </summary>
internal sealed class ListOrder
{
    public static readonly ListOrder ByModified = new(TidListMethod.IncrementByModified, "modified", trade => trade.Modified);

    // Created never changes: a trade's part of a backfill day is fixed for good. A page without it cannot be cut.
    public static readonly ListOrder ByCreated = new(TidListMethod.SoldByCreated, "created", trade => trade.Created);

    private readonly Func<ListedTrade, Instant?> _key;

    private ListOrder(TidListMethod method, string field, Func<ListedTrade, Instant?> key)
    {
        Method = method;
        Field = field;
        _key = key;
    }

    public TidListMethod Method { get; }

    /// <summary>The key's field name, for the refusals a plan writes.</summary>
    public string Field { get; }

    /// <summary>The trade's key, or null when the answer left it out.</summary>
    public Instant? KeyOf(ListedTrade trade) => _key(trade);
}
