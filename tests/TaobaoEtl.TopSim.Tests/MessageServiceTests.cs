using NodaTime;
using TaobaoEtl.Harness.Sim;
using System.Globalization;
using System.Text.Json;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class MessageServiceTests
{
    [Fact]
    public async Task Messages_flow_only_after_permit_in_the_real_shape_and_unconfirmed_ones_come_again_after_the_delay()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var consume = new Dictionary<string, string> { ["quantity"] = "200" };

        await control.AdvanceAsync(Duration.FromSeconds(30));
        var beforePermit = await client.CallAsync("taobao.tmc.messages.consume", null, consume);
        var permit = await client.CallAsync("taobao.tmc.user.permit", sim.Shops[0].Session);
        await control.AdvanceAsync(Duration.FromSeconds(30));
        var first = Messages(await client.CallAsync("taobao.tmc.messages.consume", null, consume));

        Assert.False(beforePermit.Body.TryGetProperty("messages", out _));
        Assert.True(permit.Body.GetProperty("is_success").GetBoolean());
        Assert.NotEmpty(first);
        foreach (var m in first)
        {
            Assert.Equal(["id", "topic", "content", "pub_time", "pub_app_key", "user_id", "user_nick"], m.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(JsonValueKind.Number, m.GetProperty("id").ValueKind);
            Assert.True(m.GetProperty("id").GetInt64() > 1L << 53);
            Assert.Equal(sim.Shops[0].ShopId, m.GetProperty("user_id").GetInt64());
            using var content = JsonDocument.Parse(m.GetProperty("content").GetString()!);
            Assert.True(content.RootElement.TryGetProperty("tid", out _));
        }

        var confirmed = first.Take(first.Count / 2).Select(m => m.GetProperty("id").GetInt64()).ToHashSet();
        var confirm = await client.CallAsync("taobao.tmc.messages.confirm", null,
            new Dictionary<string, string> { ["s_message_ids"] = string.Join(",", confirmed.Select(id => id.ToString(CultureInfo.InvariantCulture))) });
        Assert.True(confirm.Body.GetProperty("is_success").GetBoolean());

        await control.AdvanceAsync(Duration.FromSeconds(5 * 60 + 1));
        var again = new List<JsonElement>();
        for (var i = 0; i < 200; i++)
        {
            var batch = Messages(await client.CallAsync("taobao.tmc.messages.consume", null, consume));
            if (batch.Count == 0) break;
            again.AddRange(batch);
        }

        var againIds = again.Select(m => m.GetProperty("id").GetInt64()).ToHashSet();
        Assert.Empty(againIds.Intersect(confirmed));
        Assert.Contains(first.Skip(first.Count / 2), m => againIds.Contains(m.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Tmc_user_get_reports_a_permit_as_valid_until_it_is_cancelled()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var session = sim.Shops[1].Session;

        var before = await client.CallAsync("taobao.tmc.user.get", session);
        await client.CallAsync("taobao.tmc.user.permit", session, new Dictionary<string, string> { ["topics"] = "taobao_trade_TradeCreate,taobao_refund_RefundSuccess" });
        var permitted = await client.CallAsync("taobao.tmc.user.get", session);
        await client.CallAsync("taobao.tmc.user.cancel", session);
        var cancelled = await client.CallAsync("taobao.tmc.user.get", session);

        Assert.False(before.Body.GetProperty("tmc_user").GetProperty("is_valid").GetBoolean());
        Assert.True(permitted.Body.GetProperty("tmc_user").GetProperty("is_valid").GetBoolean());
        Assert.Equal(2, permitted.Body.GetProperty("tmc_user").GetProperty("topics").GetProperty("string").GetArrayLength());
        Assert.False(cancelled.Body.GetProperty("tmc_user").GetProperty("is_valid").GetBoolean());
    }

    private static List<JsonElement> Messages(TopReply reply) =>
        reply.Body.TryGetProperty("messages", out var messages) ? messages.GetProperty("tmc_message").EnumerateArray().ToList() : [];
}
