using NodaTime;
using TaobaoEtl.Tests.Windows;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Paging;

internal static class PagingFixtures
{
    /// <summary>The full list, as the client owns it; the plans must pass it on untouched.</summary>
    public static readonly string[] AllTypes =
    [
        "fixed", "auction", "guarantee_trade", "step", "independent_simple_trade", "independent_shop_trade",
        "auto_delivery", "ec", "cod", "game_equipment", "shopex_trade", "netcn_trade", "external_trade",
        "instant_trade", "b2c_cod", "hotel_trade", "super_market_trade", "super_market_cod_trade", "taohua",
        "waimai", "o2o_offlinetrade", "nopaid", "eticket", "tmall_i18n", "insurance_plus", "finance",
        "pre_auth_type", "lazada",
    ];

    public static readonly Instant SliceStart = Shanghai.At("2026-11-20 10:00:00");

    public static TradeWindow Slice(int minutes = 30) =>
        new("shop1", SyncStream.Trade, WindowKind.IncrementSlice, new Interval(SliceStart, SliceStart + Duration.FromMinutes(minutes)));

    public static TradeWindow Day() =>
        new("shop1", SyncStream.Trade, WindowKind.BackfillDay, new Interval(SliceStart, SliceStart + Duration.FromDays(1)));

    /// <summary>A refund window of <paramref name="kind"/>: a 30-minute slice, or a day (refunds are listed by modified either way).</summary>
    public static TradeWindow RefundWindow(WindowKind kind) =>
        new("shop1", SyncStream.Refund, kind,
            new Interval(SliceStart, SliceStart + (kind == WindowKind.BackfillDay ? Duration.FromDays(1) : Duration.FromMinutes(30))));

    /// <summary>Trades 1..count spread over the first 25 minutes of <see cref="Slice"/>, one per second or so.</summary>
    public static FakeTradeList ListWith(int count)
    {
        var list = new FakeTradeList();
        for (var tid = 1; tid <= count; tid++)
            list.Put(tid, SliceStart + Duration.FromSeconds(tid * 1500L / (count + 1)));
        return list;
    }
}
