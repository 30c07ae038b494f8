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

    [Fact]
    public async Task Refund_get_serves_every_refund_of_a_line_the_old_finished_ones_too_as_the_truth_has_them()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var sessions = sim.Shops.ToDictionary(s => s.ShopId, s => s.Session);
        var truth = await control.TruthLinesAsync();
        var refunds = truth.Where(l => l.GetProperty("kind").GetString() == "refund").ToList();
        // The refunds a line no longer names: an earlier refund of a line refunded again.
        var named = truth.Where(l => l.GetProperty("kind").GetString() == "trade")
            .SelectMany(t => t.GetProperty("lines").EnumerateArray())
            .Where(l => l.TryGetProperty("refund_id", out _)).Select(l => l.GetProperty("refund_id").GetInt64()).ToHashSet();
        var old = refunds.Where(r => !named.Contains(r.GetProperty("refund_id").GetInt64())).ToList();

        Assert.True(old.Count > 5, $"{old.Count} old refunds among {refunds.Count}");
        Assert.Equal(refunds.Count, refunds.Select(r => r.GetProperty("refund_id").GetInt64()).Distinct().Count());
        foreach (var r in old.Take(15).Concat(refunds.Take(5)))
        {
            // A line's older refunds have all ended (one refund after another).
            if (!named.Contains(r.GetProperty("refund_id").GetInt64())) Assert.Contains(r.GetProperty("status").GetString(), new[] { "SUCCESS", "CLOSED" });
            var one = await client.CallAsync("taobao.refund.get", sessions[r.GetProperty("shop_id").GetInt64()], new Dictionary<string, string>
            {
                ["fields"] = RefundPages.Fields, ["refund_id"] = r.GetProperty("refund_id").GetInt64().ToString(CultureInfo.InvariantCulture),
            });
            var got = one.Body.GetProperty("refund");
            foreach (var field in new[] { "status", "modified", "created", "refund_fee", "bill_type", "refund_phase" })
                Assert.Equal(r.GetProperty(field).GetString(), got.GetProperty(field).GetString());
            Assert.Equal(r.GetProperty("oid").GetInt64(), got.GetProperty("oid").GetInt64());
        }
    }

    [Fact]
    public async Task Exchange_states_are_listed_with_their_bill_type_and_the_status_filter_takes_each_of_them()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var from = sim.Now.ToDateTimeOffset().AddDays(-60);
        var to = sim.Now.ToDateTimeOffset();
        var truth = (await control.TruthLinesAsync())
            .Where(l => l.GetProperty("kind").GetString() == "refund" && string.CompareOrdinal(l.GetProperty("modified").GetString(), Sims.Local(from)) >= 0)
            .ToList();
        string[] exchangeStates = ["EXCHANGE_WAIT_SELLER_SEND_GOODS", "EXCHANGE_WAIT_BUYER_RECEIVE_GOODS"];

        Assert.Equal(["refund_bill", "replace_bill", "return_bill"], truth.Select(r => r.GetProperty("bill_type").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.All(truth.Where(r => exchangeStates.Contains(r.GetProperty("status").GetString())), r => Assert.Equal("replace_bill", r.GetProperty("bill_type").GetString()));
        foreach (var status in exchangeStates)
            Assert.True(truth.Any(r => r.GetProperty("status").GetString() == status), $"no refund is {status} now: the filter would be tested on nothing");
        foreach (var shop in sim.Shops)
        {
            foreach (var status in exchangeStates.Append("SUCCESS"))
            {
                var listed = await RefundPages.AllAsync(client, shop.Session, RefundPages.Window(from, to, status: status));
                var expected = truth.Where(r => r.GetProperty("shop_id").GetInt64() == shop.ShopId && r.GetProperty("status").GetString() == status)
                    .Select(r => r.GetProperty("refund_id").GetInt64()).Order();
                Assert.Equal(expected, listed.Select(r => r.GetProperty("refund_id").GetInt64()).Order());
                Assert.All(listed, r => Assert.Equal(status, r.GetProperty("status").GetString()));
                Assert.All(listed, r => Assert.Contains(r.GetProperty("bill_type").GetString(), new[] { "refund_bill", "return_bill", "replace_bill" }));
            }
        }
    }
}
