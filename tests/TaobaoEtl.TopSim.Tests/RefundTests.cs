using TaobaoEtl.Harness.Sim;
using System.Globalization;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class RefundTests
{
    [Fact]
    public async Task Refunds_received_in_a_window_are_exactly_the_truths_and_refund_get_returns_the_same_state()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var shop = sim.Shops[0];
        var from = Sims.Local(sim.Now.ToDateTimeOffset().AddDays(-30));
        var to = Sims.Local(sim.Now);

        var truth = (await control.TruthLinesAsync(shop.ShopId))
            .Where(l => l.GetProperty("kind").GetString() == "refund")
            .Where(l => string.CompareOrdinal(l.GetProperty("modified").GetString(), from) >= 0)
            .ToDictionary(l => l.GetProperty("refund_id").GetInt64(), l => l.GetProperty("status").GetString());
        var listed = new Dictionary<long, string?>();
        for (var page = 1; ; page++)
        {
            var reply = await client.CallAsync("taobao.refunds.receive.get", shop.Session, new Dictionary<string, string>
            {
                ["fields"] = "refund_id,tid,oid,status,modified,refund_fee", ["type"] = Sims.AllTypes, ["use_has_next"] = "true",
                ["start_modified"] = from, ["end_modified"] = to, ["page_size"] = "100", ["page_no"] = page.ToString(CultureInfo.InvariantCulture),
            });
            if (reply.Body.TryGetProperty("refunds", out var refunds))
                foreach (var r in refunds.GetProperty("refund").EnumerateArray()) listed[r.GetProperty("refund_id").GetInt64()] = r.GetProperty("status").GetString();
            if (!reply.Body.GetProperty("has_next").GetBoolean()) break;
        }

        Assert.True(truth.Count > 10, $"{truth.Count} refunds");
        Assert.Equal(truth.OrderBy(kv => kv.Key), listed.OrderBy(kv => kv.Key));
        var (id, status) = truth.First();
        var one = await client.CallAsync("taobao.refund.get", shop.Session,
            new Dictionary<string, string> { ["fields"] = "refund_id,status,refund_fee", ["refund_id"] = id.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(status, one.Body.GetProperty("refund").GetProperty("status").GetString());
    }
}
