using TaobaoEtl.Harness.Sim;
using System.Globalization;
using System.Text.Json;

namespace TaobaoEtl.TopSim.Tests.Support;

/// <summary>A spread of the world's trades as the truth exports them and as <c>fullinfo</c> returns them, side by side.</summary>
internal static class FullinfoSample
{
    public const string AllFields =
        "tid,status,created,modified,payment,total_fee,post_fee,discount_fee,adjust_fee,received_payment,buyer_nick,buyer_message," +
        "seller_memo,seller_flag,receiver_name,receiver_state,receiver_city,receiver_district,receiver_town,receiver_address,receiver_mobile,orders";

    /// <summary>Every <paramref name="every"/>-th trade of the truth, with its fullinfo <c>trade</c> object.</summary>
    public static async Task<List<(JsonElement Truth, JsonElement Trade)>> TakeAsync(TopSim sim, TopTestClient client, int every)
    {
        var truth = (await new SimControlClient(Sims.Http, sim.BaseUri).TruthLinesAsync()).Where(l => l.GetProperty("kind").GetString() == "trade").ToList();
        var sessions = sim.Shops.ToDictionary(s => s.ShopId, s => s.Session);
        var sample = new List<(JsonElement, JsonElement)>();
        for (var i = 0; i < truth.Count; i += every)
        {
            var t = truth[i];
            var reply = await client.CallAsync("taobao.trade.fullinfo.get", sessions[t.GetProperty("shop_id").GetInt64()], new Dictionary<string, string>
            {
                ["fields"] = AllFields, ["tid"] = t.GetProperty("tid").GetInt64().ToString(CultureInfo.InvariantCulture),
            });
            sample.Add((t, reply.Body.GetProperty("trade")));
        }

        return sample;
    }

    public static decimal Money(JsonElement e, string name) =>
        decimal.Parse(e.GetProperty(name).GetString()!, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static IReadOnlyList<JsonElement> Orders(JsonElement trade) => trade.GetProperty("orders").GetProperty("order").EnumerateArray().ToList();

    /// <summary>Every string value of a trade and its lines, by field name.</summary>
    public static IEnumerable<(string Field, string Value)> Texts(JsonElement trade)
    {
        foreach (var p in trade.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)) yield return (p.Name, p.Value.GetString()!);
        foreach (var o in Orders(trade))
        {
            foreach (var p in o.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)) yield return ("orders." + p.Name, p.Value.GetString()!);
        }
    }
}
