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

    [Fact]
    public async Task Refund_messages_name_the_refund_that_changed_with_its_bill_type_and_phase_one_per_change()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var sessions = sim.Shops.ToDictionary(s => s.ShopId, s => s.Session);
        foreach (var shop in sim.Shops) await client.CallAsync("taobao.tmc.user.permit", shop.Session);
        await control.AdvanceAsync(Duration.FromHours(2));
        var refundMessages = new List<JsonElement>();
        for (var i = 0; i < 500; i++)
        {
            var batch = Messages(await client.CallAsync("taobao.tmc.messages.consume", null, new Dictionary<string, string> { ["quantity"] = "200" }));
            if (batch.Count == 0) break;
            refundMessages.AddRange(batch.Where(m => m.GetProperty("topic").GetString()!.StartsWith("taobao_refund_", StringComparison.Ordinal)));
        }

        Assert.True(refundMessages.Count > 3, $"{refundMessages.Count} refund messages");
        var changes = new HashSet<(long, string, string)>();
        foreach (var m in refundMessages)
        {
            using var content = JsonDocument.Parse(m.GetProperty("content").GetString()!);
            var c = content.RootElement;
            var refundId = c.GetProperty("refund_id").GetInt64();
            Assert.Contains(c.GetProperty("bill_type").GetString(), new[] { "refund_bill", "return_bill", "replace_bill" });
            Assert.Contains(c.GetProperty("refund_phase").GetString(), new[] { "onsale", "aftersale" });
            Assert.True(changes.Add((refundId, c.GetProperty("modified").GetString()!, m.GetProperty("topic").GetString()!)), $"two messages for one change of {refundId}");
            var now = (await client.CallAsync("taobao.refund.get", sessions[m.GetProperty("user_id").GetInt64()], new Dictionary<string, string>
            {
                ["fields"] = "refund_id,tid,oid,bill_type,refund_phase,modified", ["refund_id"] = refundId.ToString(CultureInfo.InvariantCulture),
            })).Body.GetProperty("refund");
            Assert.Equal(now.GetProperty("tid").GetInt64(), c.GetProperty("tid").GetInt64());
            Assert.Equal(now.GetProperty("oid").GetInt64(), c.GetProperty("oid").GetInt64());
            Assert.Equal(now.GetProperty("bill_type").GetString(), c.GetProperty("bill_type").GetString());
            Assert.Equal(now.GetProperty("refund_phase").GetString(), c.GetProperty("refund_phase").GetString());
            Assert.True(string.CompareOrdinal(c.GetProperty("modified").GetString(), now.GetProperty("modified").GetString()) <= 0);
        }
    }

    private static List<JsonElement> Messages(TopReply reply) =>
        reply.Body.TryGetProperty("messages", out var messages) ? messages.GetProperty("tmc_message").EnumerateArray().ToList() : [];
}
