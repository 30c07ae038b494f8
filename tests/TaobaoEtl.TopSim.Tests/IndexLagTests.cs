using NodaTime;
using TaobaoEtl.Harness.Sim;
using System.Globalization;
using System.Text.Json;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class IndexLagTests
{
    [Fact]
    public async Task With_the_lag_on_a_change_is_absent_from_increment_until_the_clock_passes_the_lag_while_fullinfo_shows_it_at_once()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.IndexLagRate = 1;
        faults.PeakIndexLagMinutes = 20; // at the 11-11 peak every change reaches the index 10–20 minutes late
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var shop = sim.Shops[0];

        var t0 = (await control.ClockAsync()).Now;
        var t1 = (await control.AdvanceAsync(Duration.FromSeconds(60))).Now;
        // Every trade of the shop whose last change is in the minute just passed, a sample of them.
        var changed = (await ModifiedAsync(control, shop.ShopId, t0.AddSeconds(1))).Take(40).ToDictionary();
        Assert.NotEmpty(changed);

        var window = new Dictionary<string, string>
        {
            ["fields"] = "tid,modified", ["type"] = Sims.AllTypes, ["page_size"] = "100",
            ["start_modified"] = Sims.Local(t1.AddMinutes(-5)), ["end_modified"] = Sims.Local(t1.AddHours(1)),
        };
        var early = await IncrementAsync(client, shop.Session, window);
        foreach (var (tid, modified) in changed)
        {
            Assert.False(early.TryGetValue(tid, out var listed) && listed == modified, $"{tid} at {modified} is listed before its lag");
            var full = await client.CallAsync("taobao.trade.fullinfo.get", shop.Session,
                new Dictionary<string, string> { ["fields"] = "tid,modified", ["tid"] = tid.ToString(CultureInfo.InvariantCulture) });
            Assert.Equal(modified, full.Body.GetProperty("trade").GetProperty("modified").GetString());
        }

        await control.AdvanceAsync(Duration.FromSeconds(21 * 60));
        var final = await ModifiedAsync(control, shop.ShopId, t0.AddSeconds(1));
        var late = await IncrementAsync(client, shop.Session, window);
        var unchangedSince = changed.Where(kv => final.TryGetValue(kv.Key, out var now) && now == kv.Value).ToList();
        Assert.NotEmpty(unchangedSince);
        foreach (var (tid, modified) in unchangedSince)
            Assert.True(late.TryGetValue(tid, out var listed) && listed == modified, $"{tid} at {modified} is still not listed after its lag");
    }

    private static async Task<Dictionary<long, string>> ModifiedAsync(SimControlClient control, long shopId, DateTimeOffset since) =>
        (await control.TruthLinesAsync(shopId, Instant.FromDateTimeOffset(since)))
        .Where(l => l.GetProperty("kind").GetString() == "trade")
        .ToDictionary(l => l.GetProperty("tid").GetInt64(), l => l.GetProperty("modified").GetString()!);

    private static async Task<Dictionary<long, string>> IncrementAsync(TopTestClient client, string session, Dictionary<string, string> window)
    {
        var tids = new Dictionary<long, string>();
        for (var page = 1; ; page++)
        {
            var reply = await client.CallAsync("taobao.trades.sold.increment.get", session,
                new Dictionary<string, string>(window) { ["page_no"] = page.ToString(CultureInfo.InvariantCulture), ["use_has_next"] = "true" });
            foreach (JsonElement t in reply.Trades) tids[t.GetProperty("tid").GetInt64()] = t.GetProperty("modified").GetString()!;
            if (!reply.Body.GetProperty("has_next").GetBoolean()) return tids;
        }
    }
}
