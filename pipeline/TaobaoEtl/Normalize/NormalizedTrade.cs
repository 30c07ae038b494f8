namespace TaobaoEtl.Normalize;

/// <summary>
/// A trade the normalizer accepted: its <c>staging.sales_order</c> row, its lines, and the trade JSON as
/// the platform sent it for <c>raw.trade</c> (replay needs the original, not our reading of it).
/// </summary>
public sealed record NormalizedTrade(SalesOrderRow Order, IReadOnlyList<SalesOrderLineRow> Lines, string RawJson)
{
    public string ShopId => Order.ShopId;
    public long Tid => Order.Tid;
}
