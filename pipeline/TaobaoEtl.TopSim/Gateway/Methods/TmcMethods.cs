using System.Globalization;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary>The message service: <c>tmc.user.permit</c> (per seller), <c>tmc.messages.consume</c> and <c>.confirm</c> (per app).</summary>
internal static class TmcMethods
{
    public static Answer Permit(CallContext c)
    {
        var topics = c.Parameters["topics"]?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        c.Sim.Messages.Permit(c.ShopIndex, topics, c.NowMs);
        return new Success(w => w.WriteBoolean("is_success", true));
    }

    public static Answer Consume(CallContext c)
    {
        var p = c.Parameters;
        if (p["group_name"] is { } group && group != "default") return TopError.InvalidParameter("group_name", "分组不存在");
        var quantity = 100;
        if (p["quantity"] is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out quantity) || quantity < 10 || quantity > 200))
            return TopError.InvalidParameter("quantity", "quantity必须在10到200之间");
        var batch = c.Sim.Messages.Consume(quantity, c.NowMs, c.Faults);
        return new Success(w =>
        {
            if (batch.Count == 0) return;
            w.WriteStartObject("messages");
            w.WriteStartArray("tmc_message");
            foreach (var m in batch)
            {
                w.WriteStartObject();
                w.WriteNumber("id", m.Id);
                w.WriteString("topic", m.Topic);
                w.WriteString("content", m.Content);
                w.WriteString("pub_time", PlatformTime.Format(m.PubTime));
                w.WriteString("pub_app_key", m.PubAppKey);
                w.WriteNumber("user_id", m.UserId);
                w.WriteString("user_nick", m.UserNick);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static Answer Confirm(CallContext c)
    {
        var p = c.Parameters;
        if (p["group_name"] is { } group && group != "default") return TopError.InvalidParameter("group_name", "分组不存在");
        if (p["s_message_ids"] is not { } text) return TopError.MissingParameter("s_message_ids");
        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return TopError.InvalidParameter("s_message_ids", "消息ID格式错误");
            ids.Add(id);
        }

        if (ids.Count > 200) return TopError.InvalidParameter("s_message_ids", "一次最多确认200条消息");
        c.Sim.Messages.Confirm(ids);
        return new Success(w => w.WriteBoolean("is_success", true));
    }
}
