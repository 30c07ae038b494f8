using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary><c>taobao.trades.sold.get</c>: a seller's trades by <c>created</c> (newest first), last 3 months.</summary>
internal static class TradesSoldGet
{
    public const string Name = "taobao.trades.sold.get";

    public static Answer Handle(CallContext c)
    {
        var p = c.Parameters;
        if (p["fields"] is not { } fields) return TopError.MissingParameter("fields");
        if (!Paging.TryRead(p, out var paging, out var error)) return error!;
        if (!TradeFilters.TryTypes(p["type"], TradeKinds.TradeDefaultsUnder(c.Faults), out var types, out error)) return error!;
        if (!TradeFilters.TryTradeStatus(p["status"], out var status, out error)) return error!;
        if (!TradeFilters.TryTime(p, "start_created", false, out var start, out error)) return error!;
        if (!TradeFilters.TryTime(p, "end_created", false, out var end, out error)) return error!;
        var oldest = TradeFilters.Oldest(c.Now);
        var from = start ?? oldest;
        var to = end ?? c.Now;
        if (from < oldest) return TopError.InvalidParameter("start_created", "只能查询三个月内的订单");
        if (to < from) return TopError.InvalidParameter("end_created", "end_created不能早于start_created");

        // Same-created trades in no stable order on some calls, as the platform returns them.
        ulong? tieSalt = SplitMix.Unit(SplitMix.Hash(c.World.Seed, c.Call, 1015)) < c.Faults.CreatedTieShuffleRate ? SplitMix.Hash(c.World.Seed, c.Call, 1016) : null;
        var candidates = c.Sim.Index.Created(c.ShopIndex, c.World.ToMs(from) / 1000, c.World.ToMs(to) / 1000, types, c.NowMs, c.Faults, tieSalt);
        var buyer = p["buyer_nick"];
        var selected = new List<TradeSheet>();
        var rows = new List<(int Index, long UpTo)>();
        if (buyer is null && p["status"] is null)
        {
            rows = candidates;
        }
        else
        {
            foreach (var (index, upTo) in candidates)
            {
                var sheet = c.Sim.Sheets.At(index, upTo, c.Faults.SameSecondChangeRate)!;
                if (status(sheet.Status) && (buyer is null || sheet.BuyerNick == buyer)) rows.Add((index, upTo));
            }
        }

        foreach (var (index, upTo) in paging.Slice(rows)) selected.Add(c.Sim.Sheets.At(index, upTo, c.Faults.SameSecondChangeRate)!);
        var selection = FieldSelection.Of(fields, Name);
        return new Success(w =>
        {
            if (paging.UseHasNext) w.WriteBoolean("has_next", paging.HasNext(rows.Count));
            else w.WriteNumber("total_results", rows.Count);
            TradeList.Write(w, selected, selection, c.Faults);
        });
    }
}
