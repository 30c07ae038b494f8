using NodaTime;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary><c>taobao.refunds.receive.get</c>: the seller's refunds by <c>modified</c>, newest first.</summary>
internal static class RefundsReceiveGet
{
    public static Answer Handle(CallContext c)
    {
        var p = c.Parameters;
        if (p["fields"] is not { } fields) return TopError.MissingParameter("fields");
        if (!Paging.TryRead(p, out var paging, out var error)) return error!;
        if (!TradeFilters.TryTypes(p["type"], TradeKinds.RefundDefaults, out var types, out error)) return error!;
        if (!TradeFilters.TryRefundStatus(p["status"], out var status, out error)) return error!;
        if (!TradeFilters.TryTime(p, "start_modified", false, out var start, out error)) return error!;
        if (!TradeFilters.TryTime(p, "end_modified", false, out var end, out error)) return error!;
        var from = start ?? TradeFilters.Oldest(c.Now);
        var to = end ?? c.Now;
        if (to < from) return TopError.InvalidParameter("end_modified", "end_modified不能早于start_modified");
        var buyer = p["buyer_nick"];

        var rows = new List<TradeSheet>();
        foreach (var index in c.Sim.Index.RefundCandidates(c.ShopIndex, c.World.ToMs(from) / 1000, c.World.ToMs(to) / 1000, types))
        {
            var sheet = c.Sim.Sheets.At(index, c.NowMs, c.Faults.SameSecondChangeRate);
            if (sheet?.Refund is not { } refund) continue;
            if (refund.Modified < from || refund.Modified > to || !status(refund.Status)) continue;
            if (buyer is not null && sheet.BuyerNick != buyer) continue;
            rows.Add(sheet);
        }

        rows.Sort((a, b) => a.Refund!.Modified != b.Refund!.Modified
            ? b.Refund.Modified.CompareTo(a.Refund.Modified)
            : b.Refund.RefundId.CompareTo(a.Refund.RefundId));
        var page = paging.Slice(rows).ToList();
        var selected = RefundFields.Select(fields);
        return new Success(w =>
        {
            if (paging.UseHasNext) w.WriteBoolean("has_next", paging.HasNext(rows.Count));
            else w.WriteNumber("total_results", rows.Count);
            if (page.Count == 0) return;
            w.WriteStartObject("refunds");
            w.WriteStartArray("refund");
            foreach (var t in page) TradeJson.WriteRefund(w, t, t.Refund!, selected);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
