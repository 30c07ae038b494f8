using System.Globalization;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary><c>taobao.trade.fullinfo.get</c>: one trade as it is now (no index lag), with memo, message and promotions.</summary>
internal static class TradeFullinfoGet
{
    public const string Name = "taobao.trade.fullinfo.get";

    public static Answer Handle(CallContext c)
    {
        var p = c.Parameters;
        if (p["fields"] is not { } fields) return TopError.MissingParameter("fields");
        if (p["tid"] is not { } tidText) return TopError.MissingParameter("tid");
        if (!long.TryParse(tidText, NumberStyles.None, CultureInfo.InvariantCulture, out var tid)) return TopError.InvalidParameter("tid", "tid必须是数字");
        if (!c.World.TryIndexOfTid(tid, out var index) || c.World.Shop[index] != c.ShopIndex) return TopError.TradeNotExist;
        Faults.ReadRace.BeforeRead(c.World, index, c.NowMs, c.Sim.Clock.Speed, c.Call, c.Faults, c.Sim.Stats);
        var sheet = c.Sim.Sheets.At(index, c.NowMs, c.Faults.SameSecondChangeRate);
        if (sheet is null) return TopError.TradeNotExist;
        var selection = FieldSelection.Of(fields, Name);
        return new Success(w =>
        {
            w.WritePropertyName("trade");
            TradeJson.Write(w, sheet, selection, includePromotions: true, TradeList.MixedTypes(sheet, c.Faults));
        });
    }
}
