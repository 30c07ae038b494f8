namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary>The refund fields the simulator can return (top-api.md §3, refunds.receive.get; <c>bill_type</c> as the refund messages carry it, §5).</summary>
internal static class RefundFields
{
    private static readonly HashSet<string> Known =
    [
        "refund_id", "tid", "oid", "title", "buyer_nick", "seller_nick", "total_fee", "status", "created", "refund_fee",
        "good_status", "company_name", "sid", "payment", "reason", "desc", "has_good_return", "modified", "order_status",
        "refund_phase", "dispute_type", "bill_type",
    ];

    public static HashSet<string> Select(string fields) =>
        fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(Known.Contains).ToHashSet(StringComparer.Ordinal);
}
