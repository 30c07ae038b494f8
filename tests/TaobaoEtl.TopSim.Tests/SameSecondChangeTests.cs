using TaobaoEtl.Harness.Sim;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class SameSecondChangeTests
{
    [Fact]
    public async Task With_same_second_changes_on_two_fullinfo_calls_show_one_modified_with_different_content_and_truth_holds_the_last()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.SameSecondChangeRate = 1;
        // 450 ms into a second: a second's first changes have happened, its same-second second changes not yet.
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults, clockStart: TopSimOptions.Double11Start + Duration.FromMilliseconds(450));
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var session = sim.Shops[0].Session;

        var pairs = new List<(long Tid, JsonElement First, JsonElement Second)>();
        for (var attempt = 0; attempt < 20 && pairs.Count == 0; attempt++)
        {
            var second = (await control.AdvanceAsync(Duration.FromSeconds(1))).Now;
            var changed = await client.CallAsync("taobao.trades.sold.increment.get", session, new Dictionary<string, string>
            {
                ["fields"] = "tid,modified", ["type"] = Sims.AllTypes,
                ["start_modified"] = Sims.Local(second.AddSeconds(-1)), ["end_modified"] = Sims.Local(second),
            });
            var now = Sims.Local(second);
            var tids = changed.Trades.Where(t => t.GetProperty("modified").GetString() == now).Select(t => t.GetProperty("tid").GetInt64()).ToList();
            var firsts = new List<(long, JsonElement)>();
            foreach (var tid in tids) firsts.Add((tid, await FullInfoAsync(client, session, tid)));
            await control.AdvanceAsync(Duration.FromSeconds(0.5));
            foreach (var (tid, first) in firsts)
            {
                var later = await FullInfoAsync(client, session, tid);
                if (later.GetProperty("modified").GetString() == first.GetProperty("modified").GetString()
                    && Content(later) != Content(first))
                {
                    pairs.Add((tid, first, later));
                }
            }

            await control.AdvanceAsync(Duration.FromSeconds(0.5));
        }

        Assert.NotEmpty(pairs);
        var truth = (await control.TruthLinesAsync(sim.Shops[0].ShopId, Instant.FromDateTimeOffset((await control.ClockAsync()).Now.AddMinutes(-1)))).Where(l => l.GetProperty("kind").GetString() == "trade")
            .ToDictionary(l => l.GetProperty("tid").GetInt64());
        foreach (var (tid, _, last) in pairs)
        {
            var line = truth[tid];
            if (line.GetProperty("modified").GetString() != last.GetProperty("modified").GetString()) continue; // changed again since
            Assert.Equal(last.GetProperty("seller_memo").GetString(), line.GetProperty("seller_memo").GetString());
            Assert.Equal(last.GetProperty("seller_flag").GetInt32(), line.GetProperty("seller_flag").GetInt32());
        }
    }

    private static string Content(JsonElement trade) =>
        trade.GetProperty("status").GetString() + "|" + (trade.TryGetProperty("seller_memo", out var m) ? m.GetString() : "") + "|" + trade.GetProperty("seller_flag").GetInt32();

    private static async Task<JsonElement> FullInfoAsync(TopTestClient client, string session, long tid)
    {
        var reply = await client.CallAsync("taobao.trade.fullinfo.get", session, new Dictionary<string, string>
        {
            ["fields"] = "tid,modified,status,seller_memo,seller_flag", ["tid"] = tid.ToString(CultureInfo.InvariantCulture),
        });
        return reply.Body.GetProperty("trade");
    }
}
