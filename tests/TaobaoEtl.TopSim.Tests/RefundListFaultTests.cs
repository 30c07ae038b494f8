using NodaTime;
using TaobaoEtl.Harness.Sim;
using System.Globalization;
using System.Text.Json;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

/// <summary>The refund list is as hostile as the trade list: its index lags and its pages churn under the same switches.</summary>
public sealed class RefundListFaultTests
{
    [Fact]
    public async Task With_the_lag_on_a_refund_changed_just_now_is_absent_from_the_list_until_the_lag_passes_while_refund_get_shows_it_at_once()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.IndexLagRate = 1;
        faults.IndexLagMinutes = faults.PeakIndexLagMinutes = 60; // every change reaches the index 30–60 minutes late
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var sessions = sim.Shops.ToDictionary(s => s.ShopId, s => s.Session);
        var now = (await control.ClockAsync()).Now;
        var recent = Refunds(await control.TruthLinesAsync(modifiedFrom: Instant.FromDateTimeOffset(now.AddMinutes(-29))), Sims.Local(now.AddMinutes(-29)));
        Assert.NotEmpty(recent);

        var window = RefundPages.Window(now.AddHours(-3), now.AddHours(2));
        foreach (var (shopId, changed) in recent.GroupBy(r => r.ShopId).Select(g => (g.Key, g.ToList())))
        {
            var listed = Modified(await RefundPages.AllAsync(client, sessions[shopId], window));
            foreach (var r in changed)
            {
                Assert.False(listed.TryGetValue(r.RefundId, out var shown) && shown == r.Modified, $"refund {r.RefundId} at {r.Modified} is listed before its lag");
                var one = await client.CallAsync("taobao.refund.get", sessions[shopId], new Dictionary<string, string>
                {
                    ["fields"] = "refund_id,modified,status", ["refund_id"] = r.RefundId.ToString(CultureInfo.InvariantCulture),
                });
                Assert.Equal(r.Modified, one.Body.GetProperty("refund").GetProperty("modified").GetString());
            }
        }

        var later = (await control.AdvanceAsync(Duration.FromMinutes(61))).Now;
        var final = Refunds(await control.TruthLinesAsync(modifiedFrom: Instant.FromDateTimeOffset(now.AddMinutes(-29))), Sims.Local(now.AddMinutes(-29)))
            .ToDictionary(r => r.RefundId, r => r.Modified);
        var unchangedSince = recent.Where(r => final.TryGetValue(r.RefundId, out var m) && m == r.Modified).ToList();
        Assert.NotEmpty(unchangedSince);
        foreach (var (shopId, changed) in unchangedSince.GroupBy(r => r.ShopId).Select(g => (g.Key, g.ToList())))
        {
            var listed = Modified(await RefundPages.AllAsync(client, sessions[shopId], RefundPages.Window(now.AddHours(-3), later)));
            foreach (var r in changed)
                Assert.True(listed.TryGetValue(r.RefundId, out var shown) && shown == r.Modified, $"refund {r.RefundId} at {r.Modified} still not listed after its lag");
        }
    }

    [Fact]
    public async Task With_churn_on_refunds_changed_while_a_client_pages_move_between_pages_and_the_truth_and_refund_get_show_the_change()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.PagingChurnRate = 1;
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var shop = sim.Shops[0];
        var now = (await control.ClockAsync()).Now;
        var from = now.AddDays(-10);
        const int pageSize = 20;
        var before = Refunds(await control.TruthLinesAsync(shop.ShopId), Sims.Local(from)).ToDictionary(r => r.RefundId, r => r.Modified);

        // Two windows: one ending before now (a listed refund can leave it), one ending at now.
        var firstPass = new Dictionary<long, int>();
        var lastPass = new Dictionary<long, int>();
        foreach (var end in new[] { now.AddMinutes(-3), now })
        {
            var window = RefundPages.Window(from, end, pageSize);
            for (var pass = 0; pass < 3; pass++)
            {
                for (var page = 1; page <= 4; page++)
                {
                    var (refunds, _) = await RefundPages.PageAsync(client, shop.Session, window, page);
                    // Where each refund of the window ending now sat on the first pass and on the last.
                    if (end != now || pass == 1) continue;
                    var positions = pass == 0 ? firstPass : lastPass;
                    for (var k = 0; k < refunds.Count; k++) positions[refunds[k].GetProperty("refund_id").GetInt64()] = (page - 1) * pageSize + k;
                }
            }
        }

        var after = Refunds(await control.TruthLinesAsync(shop.ShopId), Sims.Local(from)).ToDictionary(r => r.RefundId, r => r.Modified);
        var stats = (await control.StatsAsync()).ErrorsInjected;
        var changed = after.Where(kv => before.TryGetValue(kv.Key, out var old) && old != kv.Value).ToList();

        Assert.True(before.Count > 4 * pageSize, $"the window should span more than the pages read, has {before.Count} refunds");
        Assert.Equal(now, (await control.ClockAsync()).Now);
        foreach (var kind in new[] { "insert", "leave", "move" })
            Assert.True(stats.TryGetValue("refund_churn_" + kind, out var n) && n > 0, $"no refund churn {kind}: {string.Join(", ", stats)}");
        Assert.NotEmpty(changed);
        // Pages shifted under the client: a refund of the first pass sits elsewhere in the last.
        Assert.Contains(firstPass, kv => lastPass.TryGetValue(kv.Key, out var at) && at != kv.Value);
        var earliest = Sims.Local(now.AddMinutes(-faults.PeakIndexLagMinutes));
        foreach (var (refundId, modified) in changed.Take(10))
        {
            Assert.True(string.CompareOrdinal(modified, earliest) >= 0, $"{refundId} changed at {modified}, before {earliest}: a lag the index never has");
            Assert.True(string.CompareOrdinal(modified, Sims.Local(now)) <= 0, $"{refundId} changed at {modified}, after now");
            var one = await client.CallAsync("taobao.refund.get", shop.Session, new Dictionary<string, string>
            {
                ["fields"] = "refund_id,modified", ["refund_id"] = refundId.ToString(CultureInfo.InvariantCulture),
            });
            Assert.Equal(modified, one.Body.GetProperty("refund").GetProperty("modified").GetString());
        }
    }

    private sealed record TruthRefund(long ShopId, long RefundId, string Modified);

    private static List<TruthRefund> Refunds(IEnumerable<JsonElement> truth, string since) =>
        truth.Where(l => l.GetProperty("kind").GetString() == "refund" && string.CompareOrdinal(l.GetProperty("modified").GetString(), since) >= 0)
            .Select(l => new TruthRefund(l.GetProperty("shop_id").GetInt64(), l.GetProperty("refund_id").GetInt64(), l.GetProperty("modified").GetString()!))
            .ToList();

    private static Dictionary<long, string> Modified(IEnumerable<JsonElement> listed) =>
        listed.ToDictionary(r => r.GetProperty("refund_id").GetInt64(), r => r.GetProperty("modified").GetString()!);
}
