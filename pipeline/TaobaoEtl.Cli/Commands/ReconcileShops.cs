using TaobaoEtl.Flow;

namespace TaobaoEtl.Cli.Commands;

/// <summary>The shops a <c>--shop ID</c>… option names among the configured ones (all of them when it names none).</summary>
internal static class ReconcileShops
{
    /// <summary>The shops, or null after writing which id is not configured.</summary>
    public static async Task<IReadOnlyList<SyncShop>?> SelectAsync(IReadOnlyList<SyncShop> configured, IReadOnlyList<string> wanted, TextWriter error)
    {
        if (wanted.Count == 0) return configured;
        var chosen = new List<SyncShop>();
        foreach (var id in wanted.Distinct(StringComparer.Ordinal))
        {
            if (configured.FirstOrDefault(shop => shop.ShopId == id) is not { } shop)
            {
                await error.WriteLineAsync($"taobao-etl: no configured shop has the id '{id}' (Shops:N:ShopId)");
                return null;
            }

            chosen.Add(shop);
        }

        return chosen;
    }
}
