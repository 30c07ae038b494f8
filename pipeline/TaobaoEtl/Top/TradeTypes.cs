namespace TaobaoEtl.Top;

/// <summary>
/// Trade <c>type</c> values (top-api.md §3). Omitting <c>type</c> returns only a few types, so list calls pass
/// <see cref="All"/> explicitly; <c>taobao.refunds.receive.get</c> filters by the same trade types (its default is only
/// <c>guarantee_trade, auto_delivery</c>), so the refund list passes this list too.
/// </summary>
public static class TradeTypes
{
    public static readonly IReadOnlyList<string> All =
    [
        "fixed", "auction", "guarantee_trade", "step", "independent_simple_trade", "independent_shop_trade",
        "auto_delivery", "ec", "cod", "game_equipment", "shopex_trade", "netcn_trade", "external_trade",
        "instant_trade", "b2c_cod", "hotel_trade", "super_market_trade", "super_market_cod_trade", "taohua",
        "waimai", "o2o_offlinetrade", "nopaid", "eticket", "tmall_i18n", "insurance_plus", "finance",
        "pre_auth_type", "lazada",
    ];

    /// <summary>The <c>type</c> parameter text for <see cref="All"/>.</summary>
    public static readonly string AllJoined = string.Join(',', All);
}
