using NodaTime;
using TaobaoEtl.Harness.Sim;
using System.Globalization;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Gateway;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class GatewaySignatureTests
{
    private static readonly Dictionary<string, string> PublicVector = new(StringComparer.Ordinal)
    {
        ["method"] = "taobao.user.get",
        ["timestamp"] = "2011-07-01 13: 52:03",
        ["format"] = "xml",
        ["app_key"] = "test",
        ["v"] = "2.0",
        ["fields"] = "nick,location.state,location.city",
        ["nick"] = "商家测试帐号17",
        ["sign_method"] = "md5",
    };

    [Fact]
    public void The_test_signer_reproduces_the_public_md5_vector()
    {
        Assert.Equal("990FD28323F67A1EEC29336EDF373C0E", TopRequestSigner.Sign(PublicVector, "test", "md5"));
    }

    [Fact]
    public void The_gateway_signature_check_reproduces_the_public_md5_vector()
    {
        Assert.Equal("990FD28323F67A1EEC29336EDF373C0E", TopSignature.Compute(PublicVector, "test", "md5"));
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("hmac")]
    [InlineData("hmac-sha256")]
    public async Task A_request_signed_independently_with_each_method_is_accepted(string signMethod)
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall) { SignMethod = signMethod };

        var reply = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session,
            new Dictionary<string, string> { ["fields"] = "tid,created", ["page_size"] = "5", ["nick"] = "中文参数" });

        Assert.False(reply.IsError, reply.Text);
        Assert.True(reply.Body.TryGetProperty("total_results", out _));
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("hmac")]
    [InlineData("hmac-sha256")]
    public async Task One_wrong_byte_in_the_secret_is_refused_with_25(string signMethod)
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var secret = sim.AppSecret.ToCharArray();
        secret[^1] = secret[^1] == 'a' ? 'b' : 'a';
        var client = new TopTestClient(Sims.Http, sim, wall) { SignMethod = signMethod, Secret = new string(secret) };

        var reply = await client.CallAsync("taobao.time.get", null);

        Assert.Equal(25, reply.Code);
        Assert.Equal("Invalid signature", reply.Error.GetProperty("msg").GetString());
        Assert.True(reply.Error.TryGetProperty("request_id", out _));
    }

    [Fact]
    public async Task A_timestamp_written_as_utc_in_the_gmt8_format_is_refused_with_31_while_the_sim_clock_shows_another_date()
    {
        // The real wall clock, the simulated clock on 2026-11-11: only the host's real GMT+8 time is accepted.
        await using var sim = await TopSim.StartAsync(new TopSimOptions { Preset = SimPreset.Small, ClockStart = TopSimOptions.Double11Start, ClockSpeed = 0 });
        var client = new TopTestClient(Sims.Http, sim, TimeProvider.System);
        var utcAsGmt8 = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        var refused = await client.CallAsync("taobao.time.get", null, tamper: p => p["timestamp"] = utcAsGmt8);
        var accepted = await client.CallAsync("taobao.time.get", null);

        Assert.Equal(31, refused.Code);
        Assert.Equal("Invalid timestamp", refused.Error.GetProperty("msg").GetString());
        Assert.Equal("2026-11-11 00:05:00", accepted.Body.GetProperty("time").GetString());
    }

    [Fact]
    public async Task An_epoch_milliseconds_timestamp_as_the_python_sdk_sends_is_accepted()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.time.get", null,
            tamper: p => p["timestamp"] = wall.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        Assert.False(reply.IsError, reply.Text);
    }

    [Fact]
    public async Task A_get_with_every_parameter_in_the_query_string_is_accepted()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["method"] = "taobao.time.get", ["app_key"] = sim.AppKey, ["timestamp"] = client.Timestamp(),
            ["format"] = "json", ["v"] = "2.0", ["sign_method"] = "md5",
        };
        all["sign"] = TopRequestSigner.Sign(all, sim.AppSecret, "md5");

        var reply = await client.GetAsync(all);

        Assert.False(reply.IsError, reply.Text);
        Assert.Equal("2026-10-15 10:00:00", reply.Body.GetProperty("time").GetString());
    }

    [Fact]
    public async Task A_post_with_every_parameter_in_the_form_body_is_accepted_and_a_stale_millisecond_timestamp_is_not()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        Dictionary<string, string> Signed(string timestamp)
        {
            var all = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["method"] = "taobao.trades.sold.get", ["app_key"] = sim.AppKey, ["timestamp"] = timestamp, ["format"] = "json",
                ["v"] = "2.0", ["sign_method"] = "hmac", ["session"] = sim.Shops[0].Session, ["fields"] = "tid",
            };
            all["sign"] = TopRequestSigner.Sign(all, sim.AppSecret, "hmac");
            return all;
        }

        var accepted = await client.PostAsync(new Dictionary<string, string>(), Signed(client.Timestamp()));
        var stale = await client.PostAsync(new Dictionary<string, string>(),
            Signed(wall.GetUtcNow().AddMinutes(-11).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));

        Assert.False(accepted.IsError, accepted.Text);
        Assert.Equal(31, stale.Code);
    }

    [Fact]
    public async Task Every_answer_carries_the_simulated_clock_in_the_http_date_header()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var ok = await client.CallAsync("taobao.time.get", null);
        var error = await client.CallAsync("taobao.no.such.method", null);

        Assert.Equal(TopSimOptions.OrdinaryStart.ToDateTimeOffset(), ok.Date);
        Assert.Equal(TopSimOptions.OrdinaryStart.ToDateTimeOffset(), error.Date);
        Assert.Equal(22, error.Code);
        Assert.Equal("Invalid method", error.Error.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Unknown_and_missing_sessions_are_refused_with_27_and_26()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var api = new Dictionary<string, string> { ["fields"] = "tid" };

        var unknown = await client.CallAsync("taobao.trades.sold.get", "6100notasession", api);
        var missing = await client.CallAsync("taobao.trades.sold.get", null, api);

        Assert.Equal(27, unknown.Code);
        Assert.Equal(26, missing.Code);
    }

    [Fact]
    public async Task A_session_past_its_expiry_instant_is_refused_with_27_session_expired()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.SessionExpiresAt = TopSimOptions.OrdinaryStart.ToDateTimeOffset().AddMinutes(30);
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var api = new Dictionary<string, string> { ["fields"] = "tid" };

        var before = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, api);
        await control.AdvanceAsync(Duration.FromSeconds(31 * 60));
        var after = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, api);

        Assert.False(before.IsError, before.Text);
        Assert.Equal(27, after.Code);
        Assert.Equal("session-expired", after.SubCode);
    }
}
