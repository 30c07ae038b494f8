using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary>
/// <c>taobao.refunds.receive.get</c>: the seller's refunds (every one, old and latest, of every line) whose <c>modified</c>,
/// as the lagging refund list index knows it, is in the window; newest first, each page cut at the moment of its call
/// (refunds changed while a client pages move between pages, <see cref="Faults.RefundChurn"/>).
/// </summary>
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

        var fromSecond = c.World.ToMs(from) / 1000;
        var toSecond = c.World.ToMs(to) / 1000;
        c.Sim.RefundChurn.BeforePage(c.ShopIndex, fromSecond, toSecond, types, c.NowMs, c.Faults);
        var rows = new List<(RefundRow Row, TradeSheet Trade, RefundSheet Refund)>();
        foreach (var row in c.Sim.Index.Refunds(c.ShopIndex, fromSecond, toSecond, types, c.NowMs, c.Faults))
        {
            // The refund as the index holds it: its state at the change the index shows.
            var sheet = c.Sim.Sheets.At(row.Index, row.UpToMs, c.Faults.SameSecondChangeRate)!;
            var refund = sheet.Refunds[row.Ordinal];
            if (refund.Modified < from || refund.Modified > to || !status(refund.Status)) continue;
            if (buyer is not null && sheet.BuyerNick != buyer) continue;
            rows.Add((row, sheet, refund));
        }

        rows.Sort((a, b) => a.Refund.Modified != b.Refund.Modified
            ? b.Refund.Modified.CompareTo(a.Refund.Modified)
            : b.Refund.RefundId.CompareTo(a.Refund.RefundId));
        var page = paging.Slice(rows).ToList();
        c.Sim.RefundChurn.Served(c.ShopIndex, fromSecond, page.Select(r => r.Row));
        var selected = RefundFields.Select(fields);
        return new Success(w =>
        {
            if (paging.UseHasNext) w.WriteBoolean("has_next", paging.HasNext(rows.Count));
            else w.WriteNumber("total_results", rows.Count);
            if (page.Count == 0) return;
            w.WriteStartObject("refunds");
            w.WriteStartArray("refund");
            foreach (var (_, trade, refund) in page) TradeJson.WriteRefund(w, trade, refund, selected);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
