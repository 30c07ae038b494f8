using NodaTime;

namespace TaobaoEtl.Paging;

/// <summary>
/// The key a list method orders its trades by, newest first, and that a <see cref="CutPagePlan"/> cuts its window by:
/// <c>modified</c> for the increment list and the refund list, <c>created</c> for <c>sold.get</c>. Trades of one second of the key come in
/// no stable order.
/// </summary>
internal sealed class ListOrder
{
    public static readonly ListOrder ByModified = new(TidListMethod.IncrementByModified, "tid", "modified", trade => trade.Modified);

    // The refund list: the same key and order as the increment list; a listed item's id is a refund_id.
    public static readonly ListOrder RefundsByModified = new(TidListMethod.RefundsByModified, "refund_id", "modified", trade => trade.Modified);

    // Created never changes: a trade's part of a backfill day is fixed for good. A page without it cannot be cut.
    public static readonly ListOrder ByCreated = new(TidListMethod.SoldByCreated, "tid", "created", trade => trade.Created);

    private readonly Func<ListedTrade, Instant?> _key;

    private ListOrder(TidListMethod method, string idField, string field, Func<ListedTrade, Instant?> key)
    {
        Method = method;
        IdField = idField;
        Field = field;
        _key = key;
    }

    public TidListMethod Method { get; }

    /// <summary>What a listed item's id is (<c>tid</c>, <c>refund_id</c>), for the refusals a plan writes.</summary>
    public string IdField { get; }

    /// <summary>The key's field name, for the refusals a plan writes.</summary>
    public string Field { get; }

    /// <summary>The trade's key, or null when the answer left it out.</summary>
    public Instant? KeyOf(ListedTrade trade) => _key(trade);
}
