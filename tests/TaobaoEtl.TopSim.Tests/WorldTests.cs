using NodaTime;
using TaobaoEtl.Harness.Sim;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TaobaoEtl.TopSim.Tests.Support;
using Xunit.Abstractions;

namespace TaobaoEtl.TopSim.Tests;

[Collection(MemoryMeasuringCollection.Name)]
public sealed class WorldTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_same_seed_and_the_same_calls_give_an_identical_truth_and_another_seed_does_not()
    {
        var first = await TruthAfterAnHourAsync(seed: 11);
        var again = await TruthAfterAnHourAsync(seed: 11);
        var other = await TruthAfterAnHourAsync(seed: 12);

        Assert.True(first.Lines > 10_000, $"only {first.Lines} lines");
        Assert.Equal(first.Hash, again.Hash);
        Assert.NotEqual(first.Hash, other.Hash);
    }

    private static async Task<(string Hash, int Lines)> TruthAfterAnHourAsync(long seed)
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall, seed: seed);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        await control.AdvanceAsync(Duration.FromSeconds(3600));
        var text = await control.TruthTextAsync();
        return (Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))), text.Count(c => c == '\n'));
    }

    [Fact]
    public async Task Truth_holds_trades_and_refunds_with_every_state_of_the_life_cycle()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var lines = await new SimControlClient(Sims.Http, sim.BaseUri).TruthLinesAsync();

        var trades = lines.Where(l => l.GetProperty("kind").GetString() == "trade").ToList();
        var refunds = lines.Where(l => l.GetProperty("kind").GetString() == "refund").ToList();
        var statuses = trades.Select(t => t.GetProperty("status").GetString()).ToHashSet();
        foreach (var expected in new[] { "WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED", "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO" })
            Assert.Contains(expected, statuses);
        Assert.Contains(trades, t => t.TryGetProperty("step_trade_status", out _));
        Assert.Contains(trades, t => t.TryGetProperty("seller_memo", out _));
        Assert.Contains(refunds, r => r.GetProperty("status").GetString() == "SUCCESS");
        Assert.True(trades.Select(t => t.GetProperty("type").GetString()).Distinct().Count() > 10);
        Assert.All(trades, t => Assert.InRange(t.GetProperty("lines").GetArrayLength(), 1, 5));
    }

    [Fact]
    public async Task Large_builds_over_a_million_trades_and_serves_pages_without_holding_trades_json()
    {
        var wall = Sims.WallClock();
        GC.Collect();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Large);
        // The start time is printed here and measured by `taobao-etl bench` (sim_large_start_s): a timed assertion
        // in a test would measure the CI machine's load, not TopSim.
        var startup = watch.Elapsed;
        var client = new TopTestClient(Sims.Http, sim, wall);

        var page = await client.CallAsync("taobao.trades.sold.increment.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid,modified,status,payment,orders",
            ["start_modified"] = Sims.Local(sim.Now.ToDateTimeOffset().AddMinutes(-30)),
            ["end_modified"] = Sims.Local(sim.Now),
            ["page_size"] = "100",
        });
        var sold = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid", ["type"] = Sims.AllTypes, ["use_has_next"] = "true", ["page_size"] = "100",
            ["start_created"] = Sims.Local(sim.Now.ToDateTimeOffset().AddDays(-60)), ["end_created"] = Sims.Local(sim.Now.ToDateTimeOffset().AddDays(-59)),
        });
        var managed = GC.GetTotalMemory(forceFullCollection: true) - managedBefore;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"large: {sim.TradeCount:N0} trades, start {startup.TotalSeconds:F2} s, managed heap held {managed / 1048576.0:F0} MB, process RSS {process.WorkingSet64 / 1048576.0:F0} MB"));

        Assert.True(sim.TradeCount >= 1_000_000, $"{sim.TradeCount} trades");
        Assert.Equal(100, page.Trades.Count);
        Assert.Equal(100, sold.Trades.Count);
        // A million trades as JSON would be gigabytes; the compact world is a few bytes per change.
        Assert.True(managed < 400L * 1048576, $"the world holds {managed / 1048576} MB");
    }
}
