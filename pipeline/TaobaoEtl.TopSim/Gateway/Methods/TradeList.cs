using System.Text.Json;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary>The <c>"trades":{"trade":[…]}</c> wrapper; an empty list is left out, as the platform does.</summary>
internal static class TradeList
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<TradeSheet> trades, FieldSelection selection, FaultOptions faults)
    {
        if (trades.Count == 0) return;
        w.WriteStartObject("trades");
        w.WriteStartArray("trade");
        foreach (var t in trades) TradeJson.Write(w, t, selection, includePromotions: false, MixedTypes(t, faults));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Whether this trade is one of those rendered with string ids and numeric money (fixed per trade).</summary>
    public static bool MixedTypes(TradeSheet t, FaultOptions faults) =>
        faults.MixedValueTypesRate > 0 && SplitMix.Unit(SplitMix.Hash(t.World.Seed, t.Index, 60)) < faults.MixedValueTypesRate;
}
