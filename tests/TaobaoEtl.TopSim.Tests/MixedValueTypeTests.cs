using System.Text.Json;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class MixedValueTypeTests
{
    [Fact]
    public async Task With_mixed_value_types_on_ids_come_as_strings_and_some_money_as_bare_numbers()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.MixedValueTypesRate = 1;
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid,payment,post_fee,orders.oid", ["type"] = Sims.AllTypes, ["page_size"] = "10",
        });

        Assert.NotEmpty(reply.Trades);
        Assert.All(reply.Trades, t =>
        {
            Assert.Equal(JsonValueKind.String, t.GetProperty("tid").ValueKind);
            Assert.True(long.Parse(t.GetProperty("tid").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 1L << 53);
            Assert.Equal(JsonValueKind.String, t.GetProperty("payment").ValueKind);
            Assert.Equal(JsonValueKind.Number, t.GetProperty("post_fee").ValueKind);
            Assert.All(t.GetProperty("orders").GetProperty("order").EnumerateArray(), o => Assert.Equal(JsonValueKind.String, o.GetProperty("oid").ValueKind));
        });
    }
}
