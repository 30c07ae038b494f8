using NodaTime;
using TaobaoEtl.Harness.Sim;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class MessageServiceFaultTests
{
    [Fact]
    public async Task Dropped_messages_never_come_and_redelivered_ones_come_again_even_when_confirmed()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.TmcRedeliverRate = 1;
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var consume = new Dictionary<string, string> { ["quantity"] = "50" };

        await client.CallAsync("taobao.tmc.user.permit", sim.Shops[0].Session);
        await control.AdvanceAsync(Duration.FromSeconds(10));
        var first = Ids(await client.CallAsync("taobao.tmc.messages.consume", null, consume));
        await client.CallAsync("taobao.tmc.messages.confirm", null, new Dictionary<string, string> { ["s_message_ids"] = string.Join(",", first) });
        var second = Ids(await client.CallAsync("taobao.tmc.messages.consume", null, consume));

        using (await control.PostFaultPatchAsync(new { tmcRedeliverRate = 0.0, tmcDropRate = 1.0 })) { }
        await control.AdvanceAsync(Duration.FromSeconds(10));
        for (var i = 0; i < 10 && Ids(await client.CallAsync("taobao.tmc.messages.consume", null, consume)) is { Count: > 0 } batch; i++)
            Assert.All(batch, id => Assert.Contains(id, first.Concat(second)));
        var stats = await control.StatsAsync();

        Assert.NotEmpty(first);
        Assert.Equal(first, second.Take(first.Count));
        Assert.True(stats.ErrorsInjected["tmc_dropped"] > 0);
    }

    private static List<string> Ids(Support.TopReply reply) =>
        reply.Body.TryGetProperty("messages", out var messages)
            ? messages.GetProperty("tmc_message").EnumerateArray().Select(m => m.GetProperty("id").GetRawText()).ToList()
            : [];
}
