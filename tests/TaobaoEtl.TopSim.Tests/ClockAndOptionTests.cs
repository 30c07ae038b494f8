using TaobaoEtl.Harness.Sim;
using System.Diagnostics;
using NodaTime;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class ClockAndOptionTests
{
    [Fact]
    public async Task The_simulated_clock_runs_at_its_speed_against_the_wall_clock_and_jumps_on_advance()
    {
        var wall = Sims.WallClock();
        await using var sim = await TopSim.StartAsync(new TopSimOptions { ClockSpeed = 60, TimeProvider = wall, ClockStart = TopSimOptions.OrdinaryStart });
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);

        wall.Advance(TimeSpan.FromSeconds(10));
        var afterTen = await client.CallAsync("taobao.time.get", null);
        var advanced = (await control.AdvanceAsync(Duration.FromSeconds(3600))).Now;

        Assert.Equal("2026-10-15 10:10:00", afterTen.Body.GetProperty("time").GetString());
        Assert.Equal((TopSimOptions.OrdinaryStart + Duration.FromMinutes(70)).ToDateTimeOffset(), advanced);
    }

    [Fact]
    public async Task A_slow_response_is_answered_only_after_the_configured_delay()
    {
        var faults = FaultOptions.Clean();
        faults.SlowResponseRate = 1;
        faults.SlowResponseDelay = TimeSpan.FromMilliseconds(400);
        await using var sim = await Sims.StartAsync(TimeProvider.System, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, TimeProvider.System);

        var watch = Stopwatch.StartNew();
        var reply = await client.CallAsync("taobao.time.get", null);

        Assert.False(reply.IsError, reply.Text);
        // The runtime's timers count in the system tick (up to ~15 ms) and can fire that much early against a Stopwatch.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400 - 15), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Access_token_is_accepted_as_the_session()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.trades.sold.get", null, new Dictionary<string, string> { ["fields"] = "tid" },
            tamper: p => p["access_token"] = sim.Shops[1].Session);

        Assert.False(reply.IsError, reply.Text);
    }

    [Fact]
    public void The_hostile_profile_switches_every_rate_on_and_the_clean_one_every_rate_off()
    {
        var rates = typeof(FaultOptions).GetProperties().Where(p => p.Name.EndsWith("Rate", StringComparison.Ordinal)).ToList();

        Assert.True(rates.Count >= 8);
        Assert.All(rates, p => Assert.True((double)p.GetValue(FaultOptions.Hostile())! > 0, p.Name));
        Assert.True(FaultOptions.Hostile().NarrowDefaultTypes);
        Assert.True(FaultOptions.Hostile().RealErrorBodies);
        Assert.All(rates, p => Assert.Equal(0.0, (double)p.GetValue(FaultOptions.Clean())!));
        Assert.True(FaultOptions.Hostile().CallsPerSecond > 0);
        Assert.Empty(FaultOptions.Hostile().Validate());
    }
}
