using NodaTime;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary>
/// <c>taobao.trades.sold.increment.get</c>: trades whose <c>modified</c> (as the lagging list index knows it) is in
/// [start_modified, end_modified], newest first, each page cut at the moment of its call.
/// </summary>
internal static class TradesSoldIncrementGet
{
    public const string Name = "taobao.trades.sold.increment.get";

    public static Answer Handle(CallContext c)
    {
        var p = c.Parameters;
        if (p["fields"] is not { } fields) return TopError.MissingParameter("fields");
        if (!TradeFilters.TryTime(p, "start_modified", true, out var start, out var error)) return error!;
        if (!TradeFilters.TryTime(p, "end_modified", true, out var end, out error)) return error!;
        if (end!.Value <= start!.Value) return TopError.InvalidParameter("end_modified", "end_modified必须晚于start_modified");
        if (end.Value - start.Value > Duration.FromDays(1)) return TopError.InvalidParameter("end_modified", "修改时间跨度不能大于一天");
        if (start.Value < TradeFilters.Oldest(c.Now)) return TopError.InvalidParameter("start_modified", "只能查询三个月内的订单");
        if (!Paging.TryRead(p, out var paging, out error)) return error!;
        if (!TradeFilters.TryTypes(p["type"], TradeKinds.TradeDefaultsUnder(c.Faults), out var types, out error)) return error!;
        if (!TradeFilters.TryTradeStatus(p["status"], out var status, out error)) return error!;

        var fromSecond = c.World.ToMs(start.Value) / 1000;
        var toSecond = c.World.ToMs(end.Value) / 1000;
        c.Sim.Churn.BeforePage(c.ShopIndex, fromSecond, toSecond, types, c.NowMs, c.Faults);
        // Same-modified trades in no stable order on some calls, as the platform returns them.
        ulong? tieSalt = SplitMix.Unit(SplitMix.Hash(c.World.Seed, c.Call, 1013)) < c.Faults.TieShuffleRate ? SplitMix.Hash(c.World.Seed, c.Call, 1014) : null;
        var rows = c.Sim.Index.Modified(c.ShopIndex, fromSecond, toSecond, types, c.NowMs, c.Faults, tieSalt);
        if (p["status"] is not null)
            rows = rows.Where(r => status(c.Sim.Sheets.At(r.Index, r.UpToMs, c.Faults.SameSecondChangeRate)!.Status)).ToList();
        var cut = paging.Slice(rows).ToList();
        c.Sim.Churn.Served(c.ShopIndex, fromSecond, cut.Select(r => r.Index));
        var page = cut.Select(r => c.Sim.Sheets.At(r.Index, r.UpToMs, c.Faults.SameSecondChangeRate)!).ToList();
        var selection = FieldSelection.Of(fields, Name);
        return new Success(w =>
        {
            if (paging.UseHasNext) w.WriteBoolean("has_next", paging.HasNext(rows.Count));
            else w.WriteNumber("total_results", rows.Count);
            TradeList.Write(w, page, selection, c.Faults);
        });
    }
}
