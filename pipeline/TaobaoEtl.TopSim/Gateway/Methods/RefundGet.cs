using System.Globalization;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary><c>taobao.refund.get</c>: one refund as it is now, a line's latest or an older, finished one.</summary>
internal static class RefundGet
{
    public static Answer Handle(CallContext c)
    {
        var p = c.Parameters;
        if (p["fields"] is not { } fields) return TopError.MissingParameter("fields");
        if (p["refund_id"] is not { } idText) return TopError.MissingParameter("refund_id");
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var refundId)) return TopError.InvalidParameter("refund_id", "refund_id必须是数字");
        if (!c.World.TryIndexOfRefund(refundId, out var index, out var ordinal) || c.World.Shop[index] != c.ShopIndex) return TopError.RefundNotExist;
        var sheet = c.Sim.Sheets.At(index, c.NowMs, c.Faults.SameSecondChangeRate);
        // A refund not yet asked for (or never, in this trade's life) does not exist.
        if (sheet is null || ordinal >= sheet.Refunds.Count) return TopError.RefundNotExist;
        var refund = sheet.Refunds[ordinal];
        var selected = RefundFields.Select(fields);
        return new Success(w =>
        {
            w.WritePropertyName("refund");
            TradeJson.WriteRefund(w, sheet, refund, selected);
        });
    }
}
