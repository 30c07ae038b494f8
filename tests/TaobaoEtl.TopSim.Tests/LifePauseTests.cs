using NodaTime;
using TaobaoEtl.Harness.Sim;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

/// <summary>
/// The quiescent world a proof ends in: life paused (nothing created, nothing changes) while the clock moves past
/// the longest index lag, and the truth saying when each trade's latest change reached the list index.
/// </summary>
public sealed class LifePauseTests
{
    [Fact]
    public async Task While_life_is_paused_the_clock_moves_but_no_trade_is_created_or_changed()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);

        var pausedAt = (await control.ClockAsync()).Now;
        using (var paused = await Sims.Http.PostAsJsonAsync(new Uri(sim.BaseUri, "sim/life"), new { paused = true }))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
            using var body = JsonDocument.Parse(await paused.Content.ReadAsStringAsync());
            Assert.True(body.RootElement.GetProperty("paused").GetBoolean());
            Assert.Equal(Sims.Local(pausedAt), body.RootElement.GetProperty("pausedAt").GetString());
        }

        var atPause = Lines(await control.TruthLinesAsync());
        await control.AdvanceAsync(Duration.FromSeconds(20 * 60));
        var later = Lines(await control.TruthLinesAsync());

        Assert.NotEmpty(atPause);
        Assert.Equal(atPause, later);
        Assert.True((await control.ClockAsync()).LifePaused);

        // Resumed, life goes on from the resume instant; the paused stretch stays empty.
        var resumedAt = (await control.ClockAsync()).Now;
        await control.SetLifePausedAsync(false);
        await control.AdvanceAsync(Duration.FromSeconds(60));
        var afterResume = await control.TruthLinesAsync();
        var modified = afterResume.Where(l => l.GetProperty("kind").GetString() == "trade").Select(l => l.GetProperty("modified").GetString()!).ToList();
        Assert.Contains(modified, m => string.CompareOrdinal(m, Sims.Local(resumedAt)) > 0);
        var slept = modified.Where(m => string.CompareOrdinal(m, Sims.Local(pausedAt)) > 0 && string.CompareOrdinal(m, Sims.Local(resumedAt)) < 0).ToList();
        Assert.True(slept.Count == 0, $"paused {Sims.Local(pausedAt)}, resumed {Sims.Local(resumedAt)}: changed at {string.Join(", ", slept.Take(5))}");
    }

    [Fact]
    public async Task A_life_switch_without_paused_is_refused()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);

        using var refused = await Sims.Http.PostAsJsonAsync(new Uri(sim.BaseUri, "sim/life"), new { pause = true });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task The_truth_says_when_each_latest_change_reached_the_index_and_the_clock_gives_the_longest_lag()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.IndexLagRate = 1;
        faults.IndexLagMinutes = 4;
        faults.PeakIndexLagMinutes = 20;
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var shop = sim.Shops[0];

        Assert.Equal(20 * 60, (await control.ClockAsync()).MaxIndexLagSeconds);
        var t0 = (await control.ClockAsync()).Now;
        var now = (await control.AdvanceAsync(Duration.FromSeconds(120))).Now;
        var recent = (await control.TruthLinesAsync(shop.ShopId, Instant.FromDateTimeOffset(t0)))
            .Where(l => l.GetProperty("kind").GetString() == "trade")
            .Select(l => (Tid: l.GetProperty("tid").GetInt64(), Modified: l.GetProperty("modified").GetString()!, IndexedAt: l.GetProperty("indexed_at").GetString()!))
            .ToList();
        Assert.NotEmpty(recent);
        Assert.All(recent, t => Assert.True(string.CompareOrdinal(t.IndexedAt, t.Modified) >= 0, $"{t.Tid} indexed {t.IndexedAt} before its change {t.Modified}"));

        // Every change the truth calls not yet indexed is absent from the list; every one it calls indexed is there.
        var listed = await ListedAsync(client, shop.Session, Sims.Local(t0.AddMinutes(-30)), Sims.Local(now));
        foreach (var t in recent)
        {
            var visible = string.CompareOrdinal(t.IndexedAt, Sims.Local(now)) <= 0;
            Assert.Equal(visible, listed.TryGetValue(t.Tid, out var m) && m == t.Modified);
        }

        Assert.Contains(recent, t => string.CompareOrdinal(t.IndexedAt, Sims.Local(now)) > 0);
    }

    private static List<string> Lines(IReadOnlyList<JsonElement> truth) => truth.Select(l => l.GetRawText()).ToList();

    private static async Task<Dictionary<long, string>> ListedAsync(TopTestClient client, string session, string from, string to)
    {
        var tids = new Dictionary<long, string>();
        for (var page = 1; ; page++)
        {
            var reply = await client.CallAsync("taobao.trades.sold.increment.get", session, new Dictionary<string, string>
            {
                ["fields"] = "tid,modified", ["type"] = Sims.AllTypes, ["page_size"] = "100", ["use_has_next"] = "true",
                ["start_modified"] = from, ["end_modified"] = to, ["page_no"] = page.ToString(CultureInfo.InvariantCulture),
            });
            foreach (var t in reply.Trades) tids[t.GetProperty("tid").GetInt64()] = t.GetProperty("modified").GetString()!;
            if (!reply.Body.GetProperty("has_next").GetBoolean()) return tids;
        }
    }
}
