namespace TaobaoEtl.TopSim.Gateway;

/// <summary>
/// The fields one call asked for, cut to what its method can return. <c>orders</c> asks for every order field,
/// <c>orders.x</c> for one; a bare name that only exists on orders selects it on the orders.
/// </summary>
internal sealed class FieldSelection
{
    private readonly HashSet<string> _trade = new(StringComparer.Ordinal);
    private readonly HashSet<string> _order = new(StringComparer.Ordinal);

    public FieldSelection(string fields, string method)
    {
        var (tradeSet, orderSet) = FieldCatalog.Embedded.For(method);
        foreach (var raw in fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw == "orders")
            {
                if (tradeSet.Contains("orders")) _order.UnionWith(orderSet);
                continue;
            }

            if (raw.StartsWith("orders.", StringComparison.Ordinal) || raw.StartsWith("order.", StringComparison.Ordinal))
            {
                var name = raw[(raw.IndexOf('.', StringComparison.Ordinal) + 1)..];
                if (tradeSet.Contains("orders") && orderSet.Contains(name)) _order.Add(name);
                continue;
            }

            if (tradeSet.Contains(raw)) _trade.Add(raw);
            else if (orderSet.Contains(raw) && tradeSet.Contains("orders")) _order.Add(raw);
        }
    }

    public bool Trade(string name) => _trade.Contains(name);

    public bool Order(string name) => _order.Contains(name);

    public bool AnyOrder => _order.Count > 0;
}
