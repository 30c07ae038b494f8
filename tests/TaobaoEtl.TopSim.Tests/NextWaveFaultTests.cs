using TaobaoEtl.Harness.Sim;
using System.Globalization;
using System.Net;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

/// <summary>The hostile switches issue 15 added to <see cref="FaultOptions.Hostile"/>, each on its own.</summary>
public sealed class NextWaveFaultTests
{
    private static readonly Dictionary<string, string> TidOnly = new() { ["fields"] = "tid" };

    [Fact]
    public async Task Overload_refuses_list_calls_with_520_trade_service_rejection_in_the_real_body_and_spares_other_methods()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.OverloadRate = 1;
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var shop = sim.Shops[0];
        var now = Sims.Local((await new SimControlClient(Sims.Http, sim.BaseUri).ClockAsync()).Now);

        var sold = await client.CallAsync("taobao.trades.sold.get", shop.Session, TidOnly);
        var increment = await client.CallAsync("taobao.trades.sold.increment.get", shop.Session, new Dictionary<string, string>
        {
            ["fields"] = "tid", ["start_modified"] = Sims.Local((await new SimControlClient(Sims.Http, sim.BaseUri).ClockAsync()).Now.AddMinutes(-30)), ["end_modified"] = now,
        });
        var time = await client.CallAsync("taobao.time.get", null);

        foreach (var refused in new[] { sold, increment })
        {
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.Equal(520, refused.Code);
            Assert.Equal("isv.trade-service-rejection", refused.SubCode);
            Assert.Equal("超时请求过多，请将查询时间间隔缩短,3分钟后再查询！", refused.SubMsg);
            Assert.True(refused.Error.TryGetProperty("msg", out _));
        }

        Assert.False(time.IsError, time.Text);
    }

    [Theory]
    [InlineData(SimPreset.Double11, true)] // the clock starts at 11-11 00:05, inside the peak hour
    [InlineData(SimPreset.Small, false)]
    public async Task The_peak_overload_rate_applies_in_the_peak_hour_only(SimPreset preset, bool refused)
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.PeakOverloadRate = 1;
        await using var sim = await Sims.StartAsync(wall, preset, faults);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, TidOnly);

        Assert.Equal(refused, reply.IsError && reply.Code == 520);
    }

    [Theory]
    [InlineData("reply")]
    [InlineData("slow")]
    public async Task A_held_reply_carries_the_read_made_before_the_delay_and_a_Date_stamped_when_it_leaves(string which)
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        if (which == "reply") (faults.ReplyDelayRate, faults.ReplyDelay) = (1, TimeSpan.FromSeconds(10));
        else (faults.SlowResponseRate, faults.SlowResponseDelay) = (1, TimeSpan.FromSeconds(10));
        await using var sim = await TopSim.StartAsync(new TopSimOptions
        {
            Seed = 7, ClockSpeed = 60, ClockStart = TopSimOptions.OrdinaryStart, TimeProvider = wall, Faults = faults,
        });
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var read = (await control.ClockAsync()).Now; // the fake wall clock stands still until the test moves it

        var call = client.CallAsync("taobao.time.get", null);
        await HeldAsync(control, which == "reply" ? "reply_delay" : "slow_response", call);
        wall.Advance(TimeSpan.FromSeconds(10));
        var reply = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Sims.Local(read), reply.Body.GetProperty("time").GetString());
        Assert.Equal(read.AddMinutes(10), reply.Date); // 10 real seconds at 60× after the read
    }

    [Fact]
    public async Task Paging_churn_changes_the_world_between_page_reads_with_the_clock_frozen_and_truth_and_fullinfo_agree()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.PagingChurnRate = 1;
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var shop = sim.Shops[0];
        var now = (await control.ClockAsync()).Now;
        var from = now.AddMinutes(-40);
        var before = Modified(await control.TruthLinesAsync(shop.ShopId));

        // Two windows: one ending before now (a seen trade can leave it), one ending at now.
        foreach (var end in new[] { now.AddMinutes(-3), now })
        {
            for (var pass = 0; pass < 3; pass++)
            {
                for (var page = 1; page <= 4; page++)
                    await PageAsync(client, shop.Session, from, end, page, pageSize: 20);
            }
        }

        var after = Modified(await control.TruthLinesAsync(shop.ShopId));
        var stats = (await control.StatsAsync()).ErrorsInjected;
        var changed = after.Where(kv => before.TryGetValue(kv.Key, out var old) && old != kv.Value).ToList();

        Assert.Equal(now, (await control.ClockAsync()).Now);
        foreach (var kind in new[] { "insert", "leave", "move" })
            Assert.True(stats.TryGetValue("paging_churn_" + kind, out var n) && n > 0, $"no churn {kind}: {string.Join(", ", stats)}");
        Assert.NotEmpty(changed);
        // A churned change surfaces now, so it is dated no earlier than the index may lag (25 min at most).
        var earliest = Sims.Local(now.AddMinutes(-faults.PeakIndexLagMinutes));
        foreach (var (tid, modified) in changed)
            Assert.True(string.CompareOrdinal(modified, earliest) >= 0, $"{tid} changed at {modified}, before {earliest}: a lag the index never has");
        foreach (var (tid, modified) in changed.Take(10))
        {
            var full = await client.CallAsync("taobao.trade.fullinfo.get", shop.Session,
                new Dictionary<string, string> { ["fields"] = "tid,modified,seller_memo", ["tid"] = tid.ToString(CultureInfo.InvariantCulture) });
            Assert.Equal(modified, full.Body.GetProperty("trade").GetProperty("modified").GetString());
            Assert.True(string.CompareOrdinal(modified, Sims.Local(now)) <= 0, $"{tid} changed at {modified}, after now");
        }
    }

    [Fact]
    public async Task Paging_churn_is_drawn_from_the_seed_the_same_paging_meets_the_same_changes()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.PagingChurnRate = 0.5;
        var truths = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults);
            var client = new TopTestClient(Sims.Http, sim, wall);
            var control = new SimControlClient(Sims.Http, sim.BaseUri);
            var now = (await control.ClockAsync()).Now;
            for (var page = 1; page <= 8; page++) await PageAsync(client, sim.Shops[1].Session, now.AddMinutes(-30), now.AddMinutes(-2), page % 4 + 1, pageSize: 25);
            truths.Add(await control.TruthTextAsync(sim.Shops[1].ShopId));
        }

        Assert.Equal(truths[0], truths[1]);
    }

    [Fact]
    public async Task With_tie_shuffle_trades_of_the_same_modified_come_in_another_order_between_calls()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var now = (await control.ClockAsync()).Now;

        var stable = new[] { await PageAsync(client, sim.Shops[0].Session, now.AddMinutes(-5), now, 1, 100), await PageAsync(client, sim.Shops[0].Session, now.AddMinutes(-5), now, 1, 100) };
        using (var set = await control.PostFaultPatchAsync(new { tieShuffleRate = 1 })) set.EnsureSuccessStatusCode();
        var shuffled = new[] { await PageAsync(client, sim.Shops[0].Session, now.AddMinutes(-5), now, 1, 100), await PageAsync(client, sim.Shops[0].Session, now.AddMinutes(-5), now, 1, 100) };

        Assert.True(stable[0].GroupBy(t => t.Modified).Any(g => g.Count() > 1), "no two trades share a modified second");
        Assert.Equal(stable[0], stable[1]);
        Assert.Equal(stable[0].Order(), shuffled[0].Order());
        Assert.NotEqual(shuffled[0], shuffled[1]);
        // Newest first still holds: only the order inside a second moves.
        Assert.Equal(shuffled[0].Select(t => t.Modified), shuffled[0].Select(t => t.Modified).OrderDescending(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_created_tie_shuffle_sold_get_gives_trades_of_the_same_created_second_in_another_order_between_calls()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11, FaultOptions.Clean());
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var now = (await control.ClockAsync()).Now; // 11-11 00:05: the peak's first minutes, many trades a second
        var session = sim.Shops[0].Session;

        var stable = new[] { await CreatedPageAsync(client, session, now.AddMinutes(-5), now), await CreatedPageAsync(client, session, now.AddMinutes(-5), now) };
        using (var set = await control.PostFaultPatchAsync(new { tieShuffleRate = 1 })) set.EnsureSuccessStatusCode();
        var modifiedOnly = await CreatedPageAsync(client, session, now.AddMinutes(-5), now);
        using (var set = await control.PostFaultPatchAsync(new { tieShuffleRate = 0, createdTieShuffleRate = 1 })) set.EnsureSuccessStatusCode();
        var shuffled = new[] { await CreatedPageAsync(client, session, now.AddMinutes(-5), now), await CreatedPageAsync(client, session, now.AddMinutes(-5), now) };

        Assert.True(stable[0].GroupBy(t => t.Created).Any(g => g.Count() > 1), "no two trades share a created second");
        Assert.Equal(stable[0], stable[1]);
        Assert.Equal(stable[0], modifiedOnly); // the increment list's switch leaves sold.get alone
        // The same trades, but for the page's oldest second, whose ties may fall on either side of the page edge.
        var edge = stable[0][^1].Created;
        Assert.Equal(stable[0].Where(t => t.Created != edge).Order(), shuffled[0].Where(t => t.Created != edge).Order());
        Assert.NotEqual(shuffled[0], shuffled[1]);
        // Newest first still holds: only the order inside a second moves.
        Assert.Equal(shuffled[0].Select(t => t.Created), shuffled[0].Select(t => t.Created).OrderDescending(StringComparer.Ordinal));
    }

    [Fact]
    public void The_hostile_profile_shuffles_ties_of_created_and_the_rate_is_checked()
    {
        var bad = FaultOptions.Clean();
        bad.CreatedTieShuffleRate = 1.5;

        Assert.True(FaultOptions.Hostile().CreatedTieShuffleRate > 0);
        Assert.Equal(0, FaultOptions.Clean().CreatedTieShuffleRate);
        Assert.Contains(bad.Validate(), e => e.Contains(nameof(FaultOptions.CreatedTieShuffleRate), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_narrow_default_type_set_leaves_step_trades_out_when_type_is_omitted()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var session = sim.Shops[0].Session;

        var wide = await TotalAsync(client, session, null);
        using (var set = await control.PostFaultPatchAsync(new { narrowDefaultTypes = true })) set.EnsureSuccessStatusCode();
        var narrow = await TotalAsync(client, session, null);
        var step = await TotalAsync(client, session, "step");

        Assert.True(step > 0, "the shop has no step trade");
        Assert.Equal(wide - step, narrow);
    }

    [Fact]
    public async Task An_isp_error_after_the_work_loses_the_answer_of_a_consume_whose_cursor_moved()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var consume = new Dictionary<string, string> { ["quantity"] = "10" };
        await client.CallAsync("taobao.tmc.user.permit", sim.Shops[0].Session);
        await control.AdvanceAsync(Duration.FromSeconds(60));

        using (var set = await control.PostFaultPatchAsync(new { ispAfterWorkRate = 1 })) set.EnsureSuccessStatusCode();
        var lost = await client.CallAsync("taobao.tmc.messages.consume", null, consume);
        using (var set = await control.PostFaultPatchAsync(new { ispAfterWorkRate = 0, http5xxAfterWorkRate = 1 })) set.EnsureSuccessStatusCode();
        var lostAgain = await Assert.ThrowsAnyAsync<JsonException>(() => client.CallAsync("taobao.tmc.messages.consume", null, consume)); // the HTML of a 502/503
        using (var set = await control.PostFaultPatchAsync(new { http5xxAfterWorkRate = 0 })) set.EnsureSuccessStatusCode();
        var next = Ids(await client.CallAsync("taobao.tmc.messages.consume", null, consume));
        var stats = await control.StatsAsync();

        Assert.Equal(15, lost.Code);
        Assert.StartsWith("isp.", lost.SubCode, StringComparison.Ordinal);
        Assert.Equal(3, stats.CallsServed["taobao.tmc.messages.consume"]);
        Assert.Equal(1, stats.ErrorsInjected["isp_after_work"]);

        // A clean twin's first two consumes: the batches the lost answers held, never delivered to this client.
        await using var twin = await Sims.StartAsync(wall, SimPreset.Double11);
        var twinClient = new TopTestClient(Sims.Http, twin, wall);
        await twinClient.CallAsync("taobao.tmc.user.permit", twin.Shops[0].Session);
        await new SimControlClient(Sims.Http, twin.BaseUri).AdvanceAsync(Duration.FromSeconds(60));
        var firstTwo = Ids(await twinClient.CallAsync("taobao.tmc.messages.consume", null, consume))
            .Concat(Ids(await twinClient.CallAsync("taobao.tmc.messages.consume", null, consume))).ToList();
        Assert.Equal(20, firstTwo.Count);
        Assert.NotEmpty(next);
        Assert.Empty(next.Intersect(firstTwo));
    }

    [Fact]
    public async Task A_shop_whose_own_session_expired_is_refused_while_the_other_shops_go_on()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var expiry = ((await control.ClockAsync()).Now).AddMinutes(10);
        var patch = new Dictionary<string, object> { ["shopSessionExpiresAt"] = new Dictionary<string, DateTimeOffset> { [sim.Shops[0].ShopId.ToString(CultureInfo.InvariantCulture)] = expiry } };
        using (var set = await control.PostFaultPatchAsync(patch)) Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var before = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, TidOnly);
        await control.AdvanceAsync(Duration.FromSeconds(11 * 60));
        var expired = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, TidOnly);
        var other = await client.CallAsync("taobao.trades.sold.get", sim.Shops[1].Session, TidOnly);

        Assert.False(before.IsError, before.Text);
        Assert.Equal((27, "session-expired"), (expired.Code, expired.SubCode));
        Assert.False(other.IsError, other.Text);
    }

    [Fact]
    public async Task Real_error_bodies_drop_the_sub_codes_of_40_and_41_and_say_session_expired_in_msg()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.RealErrorBodies = true;
        faults.SessionExpiresAt = TopSimOptions.OrdinaryStart.ToDateTimeOffset();
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        using (var set = await new SimControlClient(Sims.Http, sim.BaseUri).PostFaultPatchAsync(new { sessionExpiresAt = (DateTimeOffset?)null })) set.EnsureSuccessStatusCode();

        var missing = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session);
        var invalid = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, new Dictionary<string, string> { ["fields"] = "tid", ["start_created"] = "yesterday" });
        using (var set = await new SimControlClient(Sims.Http, sim.BaseUri).PostFaultPatchAsync(new { sessionExpiresAt = TopSimOptions.OrdinaryStart.ToDateTimeOffset() })) set.EnsureSuccessStatusCode();
        var expired = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, TidOnly);

        Assert.Equal((40, null, null), (missing.Code, missing.SubCode, missing.SubMsg));
        Assert.Equal((41, "Invalid arguments:start_created", null, null), (invalid.Code, invalid.Error.GetProperty("msg").GetString(), invalid.SubCode, invalid.SubMsg));
        Assert.Equal((27, "Invalid session:session-expired", null), (expired.Code, expired.Error.GetProperty("msg").GetString(), expired.SubMsg));
    }

    [Fact]
    public async Task With_request_id_absent_neither_successes_nor_errors_carry_one()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.RequestIdAbsentRate = 1;
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var ok = await client.CallAsync("taobao.time.get", null);
        var error = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session);

        Assert.False(ok.Body.TryGetProperty("request_id", out _));
        Assert.False(error.Error.TryGetProperty("request_id", out _));
    }

    [Fact]
    public void New_rates_out_of_range_are_refused_by_name()
    {
        var faults = new FaultOptions { OverloadRate = 2, PagingChurnRate = -1, ReplyDelay = TimeSpan.FromHours(1), RequestIdAbsentRate = double.NaN };

        var errors = string.Join("; ", faults.Validate());

        foreach (var name in new[] { "OverloadRate", "PagingChurnRate", "ReplyDelay", "RequestIdAbsentRate" }) Assert.Contains(name, errors, StringComparison.Ordinal);
    }

    private static async Task HeldAsync(SimControlClient control, string kind, Task call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await control.StatsAsync()).ErrorsInjected.ContainsKey(kind))
        {
            Assert.False(call.IsCompleted, "the call ended before it was held");
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    private static Dictionary<long, string> Modified(IReadOnlyList<JsonElement> truth) =>
        truth.Where(l => l.GetProperty("kind").GetString() == "trade").ToDictionary(l => l.GetProperty("tid").GetInt64(), l => l.GetProperty("modified").GetString()!);

    private static List<long> Ids(TopReply reply) =>
        reply.Body.TryGetProperty("messages", out var m) ? m.GetProperty("tmc_message").EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).ToList() : [];

    private static async Task<long> TotalAsync(TopTestClient client, string session, string? type)
    {
        var api = new Dictionary<string, string> { ["fields"] = "tid" };
        if (type is not null) api["type"] = type;
        return (await client.CallAsync("taobao.trades.sold.get", session, api)).Body.GetProperty("total_results").GetInt64();
    }

    private static async Task<List<(long Tid, string Created)>> CreatedPageAsync(TopTestClient client, string session, DateTimeOffset from, DateTimeOffset to)
    {
        var reply = await client.CallAsync("taobao.trades.sold.get", session, new Dictionary<string, string>
        {
            ["fields"] = "tid,created", ["type"] = Sims.AllTypes, ["page_size"] = "100",
            ["start_created"] = Sims.Local(from), ["end_created"] = Sims.Local(to), ["page_no"] = "1",
        });
        return reply.Trades.Select(t => (t.GetProperty("tid").GetInt64(), t.GetProperty("created").GetString()!)).ToList();
    }

    private static async Task<List<(long Tid, string Modified)>> PageAsync(TopTestClient client, string session, DateTimeOffset from, DateTimeOffset to, int page, int pageSize)
    {
        var reply = await client.CallAsync("taobao.trades.sold.increment.get", session, new Dictionary<string, string>
        {
            ["fields"] = "tid,modified", ["type"] = Sims.AllTypes, ["page_size"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["start_modified"] = Sims.Local(from), ["end_modified"] = Sims.Local(to), ["page_no"] = page.ToString(CultureInfo.InvariantCulture),
        });
        return reply.Trades.Select(t => (t.GetProperty("tid").GetInt64(), t.GetProperty("modified").GetString()!)).ToList();
    }
}
