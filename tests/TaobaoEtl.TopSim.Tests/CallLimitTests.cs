using TaobaoEtl.Harness.Sim;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class CallLimitTests
{
    [Fact]
    public async Task Exceeding_the_per_second_limit_gives_code_7_with_a_ban_calls_within_it_are_refused_and_after_it_accepted()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.CallsPerSecond = 5;
        faults.BanSeconds = 30;
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);

        for (var i = 0; i < 5; i++) Assert.False((await client.CallAsync("taobao.time.get", null)).IsError);
        var breach = await client.CallAsync("taobao.time.get", null);
        wall.Advance(TimeSpan.FromSeconds(10));
        var during = await client.CallAsync("taobao.time.get", null);
        wall.Advance(TimeSpan.FromSeconds(21));
        var afterwards = await client.CallAsync("taobao.time.get", null);

        Assert.Equal(7, breach.Code);
        Assert.Equal("App Call Limited", breach.Error.GetProperty("msg").GetString());
        Assert.Equal("This ban will last for 30 more seconds", breach.SubMsg);
        Assert.Equal(7, during.Code);
        Assert.Equal("This ban will last for 20 more seconds", during.SubMsg);
        Assert.False(afterwards.IsError, afterwards.Text);
        var stats = await control.StatsAsync();
        Assert.Equal(1, stats.Bans);
        Assert.Equal(1, stats.RefusedDuringBan);
        Assert.Equal(6, stats.CallsServed["taobao.time.get"]);
    }

    [Fact]
    public async Task The_daily_quota_bans_until_midnight_gmt8()
    {
        var wall = Sims.WallClock(); // 2027-03-15 17:30 GMT+8: 6.5 hours to midnight
        var faults = FaultOptions.Clean();
        faults.DailyQuota = 3;
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, wall);

        for (var i = 0; i < 3; i++) Assert.False((await client.CallAsync("taobao.time.get", null)).IsError);
        var over = await client.CallAsync("taobao.time.get", null);
        wall.Advance(TimeSpan.FromHours(6.5));
        var nextDay = await client.CallAsync("taobao.time.get", null);

        Assert.Equal("accesscontrol.limited-by-app-access-count", over.SubCode);
        Assert.Equal("This ban will last for 23400 more seconds", over.SubMsg);
        Assert.False(nextDay.IsError, nextDay.Text);
    }

    [Fact]
    public async Task A_ban_imposed_through_the_control_endpoint_refuses_calls_until_it_ends()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        await new SimControlClient(Sims.Http, sim.BaseUri).BanAsync(TimeSpan.FromSeconds(5));
        var during = await client.CallAsync("taobao.time.get", null);
        wall.Advance(TimeSpan.FromSeconds(5));
        var after = await client.CallAsync("taobao.time.get", null);

        Assert.Equal(7, during.Code);
        Assert.False(after.IsError, after.Text);
    }
}
