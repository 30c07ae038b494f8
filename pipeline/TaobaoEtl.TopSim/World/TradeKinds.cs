using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// The trade <c>type</c> values the platform knows (top-api.md §3), the share of each in the world, and the
/// default set the list methods return when <c>type</c> is omitted.
/// </summary>
internal static class TradeKinds
{
    public static readonly string[] Names =
    [
        "fixed", "auction", "step", "independent_simple_trade", "independent_shop_trade", "auto_delivery", "ec", "cod",
        "game_equipment", "shopex_trade", "netcn_trade", "external_trade", "instant_trade", "b2c_cod", "hotel_trade",
        "super_market_trade", "super_market_cod_trade", "taohua", "waimai", "o2o_offlinetrade", "nopaid", "eticket",
        "tmall_i18n", "insurance_plus", "finance", "pre_auth_type", "lazada",
    ];

    public const byte Fixed = 0, Auction = 1, Step = 2, AutoDelivery = 5, Ec = 6, Cod = 7;

    /// <summary>Every name a client may pass in <c>type</c>, including the query group <c>guarantee_trade</c>.</summary>
    public static readonly HashSet<string> Accepted = new(Names.Append("guarantee_trade"), StringComparer.Ordinal);

    // Weights per code, in the order of Names: mostly fixed-price trades, a real minority outside the default set.
    private static readonly int[] Weights =
    [
        760, 20, 50, 8, 25, 20, 15, 20,
        2, 2, 2, 6, 10, 4, 3,
        8, 2, 2, 5, 10, 6, 10,
        6, 2, 1, 2, 1,
    ];

    private static readonly int WeightSum = Weights.Sum();

    public static byte Draw(ulong hash)
    {
        var x = (int)(hash % (ulong)WeightSum);
        for (var i = 0; i < Weights.Length; i++)
        {
            if (x < Weights[i]) return (byte)i;
            x -= Weights[i];
        }

        return Fixed;
    }

    /// <summary>A mask of the codes a <c>type</c> parameter selects; null/empty = the platform's default set.</summary>
    public static bool[] Filter(string? type, IReadOnlyList<string> defaults)
    {
        var mask = new bool[Names.Length];
        var names = string.IsNullOrWhiteSpace(type) ? defaults : type.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            if (name == "guarantee_trade")
            {
                mask[Fixed] = true;
                mask[Auction] = true;
                continue;
            }

            var code = Array.IndexOf(Names, name);
            if (code >= 0) mask[code] = true;
        }

        return mask;
    }

    /// <summary>The default of trades.sold.get and increment.get (top-api.md: the parameter text's five).</summary>
    public static readonly string[] TradeDefaults = ["guarantee_trade", "auto_delivery", "ec", "cod", "step"];

    /// <summary>The narrower reading of that default (top-api.md §3: another description lists only four).</summary>
    public static readonly string[] NarrowTradeDefaults = ["guarantee_trade", "auto_delivery", "ec", "cod"];

    /// <summary>The default in force: the narrower one when <see cref="FaultOptions.NarrowDefaultTypes"/> is on.</summary>
    public static string[] TradeDefaultsUnder(FaultOptions faults) => faults.NarrowDefaultTypes ? NarrowTradeDefaults : TradeDefaults;

    /// <summary>The default of refunds.receive.get.</summary>
    public static readonly string[] RefundDefaults = ["guarantee_trade", "auto_delivery"];
}
