using System.Text.Json;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary>The <c>"trades":{"trade":[…]}</c> wrapper; an empty list is left out, as the platform does.</summary>
internal static class TradeList
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<TradeSheet> trades, FieldSelection selection)
    {
        if (trades.Count == 0) return;
        w.WriteStartObject("trades");
        w.WriteStartArray("trade");
        foreach (var t in trades) TradeJson.Write(w, t, selection, includePromotions: false);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
