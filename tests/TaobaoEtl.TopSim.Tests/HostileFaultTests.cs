using TaobaoEtl.Harness.Sim;
using System.Net;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class HostileFaultTests
{
    [Fact]
    public async Task Faults_switched_on_at_run_time_inject_isp_errors_5xx_and_dropped_connections_and_are_counted()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);

        using (var set = await control.PostFaultPatchAsync(new { ispErrorRate = 0.3, http5xxRate = 0.2, dropConnectionRate = 0.2 }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        int isp = 0, http5xx = 0, dropped = 0, ok = 0;
        for (var i = 0; i < 60; i++)
        {
            try
            {
                var reply = await client.CallAsync("taobao.time.get", null);
                if (!reply.IsError) ok++;
                else if (reply.SubCode?.StartsWith("isp.", StringComparison.Ordinal) == true && reply.Code == 15) isp++;
            }
            catch (HttpRequestException) { dropped++; }
            catch (System.Text.Json.JsonException) { http5xx++; } // the HTML body of a 502/503
        }

        var stats = await control.StatsAsync();
        var injected = stats.ErrorsInjected;
        Assert.True(isp > 0 && http5xx > 0 && dropped > 0 && ok > 0, $"isp {isp}, 5xx {http5xx}, dropped {dropped}, ok {ok}");
        Assert.Equal(isp, injected["isp"]);
        Assert.Equal(dropped, injected["dropped_connection"]);
    }

    [Fact]
    public async Task An_invalid_fault_setting_is_refused_with_every_error_named_and_nothing_changes()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);

        using var refused = await control.PostFaultPatchAsync(new { ispErrorRate = 1.5, banSeconds = 0 });
        var body = await refused.Content.ReadAsStringAsync();
        var current = await Sims.Http.GetStringAsync(new Uri(sim.BaseUri, "sim/faults"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("IspErrorRate", body, StringComparison.Ordinal);
        Assert.Contains("BanSeconds", body, StringComparison.Ordinal);
        Assert.Contains("\"ispErrorRate\":0", current, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_start_options_are_refused_with_every_error_in_one_message()
    {
        var options = new TopSimOptions { ClockSpeed = -1, Port = 70_000, Faults = new FaultOptions { Http5xxRate = 2 } };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => TopSim.StartAsync(options, CancellationToken.None));

        Assert.Contains("ClockSpeed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Port", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Http5xxRate", ex.Message, StringComparison.Ordinal);
    }
}
