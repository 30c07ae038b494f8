using System.Collections.Concurrent;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>
/// The fields one call asked for, cut to what its method can return. <c>orders</c> asks for every order field,
/// <c>orders.x</c> for one; a bare name that only exists on orders selects it on the orders.
/// </summary>
internal sealed class FieldSelection
{
    // A client sends the same field list on every call: parsing it anew (a hundred strings, two growing sets) was a
    // large share of TopSim's allocations per call. A selection is a pure function of (fields, method) and never
    // changes after it is built, so it is shared; the cap keeps a client sending ever new lists from growing it.
    internal const int CacheCapacity = 256;
    private static readonly ConcurrentDictionary<(string Fields, string Method), FieldSelection> Cache = new();

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

    /// <summary>The selection of <paramref name="fields"/> for <paramref name="method"/>, shared with earlier calls that asked the same.</summary>
    public static FieldSelection Of(string fields, string method)
    {
        if (Cache.TryGetValue((fields, method), out var known)) return known;
        // Full: start over rather than keep the first lists forever (a client's real list is asked again at once).
        if (Cache.Count >= CacheCapacity) Cache.Clear();
        return Cache.GetOrAdd((fields, method), static key => new FieldSelection(key.Fields, key.Method));
    }

    internal static int CachedCount => Cache.Count;

    public bool Trade(string name) => _trade.Contains(name);

    public bool Order(string name) => _order.Contains(name);

    public bool AnyOrder => _order.Count > 0;
}
