using System.Text.Json;

namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary><c>taobao.tmc.user.get</c> and <c>taobao.tmc.user.cancel</c>: a seller's permit as the platform reports it.</summary>
internal static class TmcUserMethods
{
    public static Answer Get(CallContext c)
    {
        var topics = c.Sim.Messages.Topics(c.ShopIndex);
        var shop = c.Shop!;
        return new Success(w =>
        {
            w.WriteStartObject("tmc_user");
            w.WriteNumber("user_id", shop.ShopId);
            w.WriteString("user_nick", shop.SellerNick);
            w.WriteBoolean("is_valid", topics is not null);
            if (topics is { Count: > 0 }) Strings(w, "topics", topics);
            w.WriteEndObject();
        });
    }

    public static Answer Cancel(CallContext c)
    {
        c.Sim.Messages.Cancel(c.ShopIndex);
        return new Success(w => w.WriteBoolean("is_success", true));
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("string");
        foreach (var value in values) w.WriteStringValue(value);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
