using System.Text.Json;
using NodaTime;
using Microsoft.Extensions.Logging.Abstractions;
using TaobaoEtl.Configuration;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;

namespace TaobaoEtl.IntegrationTests.Top;

/// <summary>A TopSim on 127.0.0.1 and a <see cref="TopClient"/> pointed at it over real HTTP.</summary>
internal sealed class SimSession : IAsyncDisposable
{
    private readonly HttpClient _control = new();

    private SimSession(TopSim.TopSim sim, TopOptions options)
    {
        Sim = sim;
        Options = options;
        Gate = RateGate.FromOptions(options, TimeProvider.System);
        Counters = new TopCallCounters();
        Client = new TopClient(options, Gate, Counters, new WallClock(TimeProvider.System), TimeProvider.System,
            NullLogger<TopClient>.Instance);
        Session = new TopSession(sim.Shops[0].Session);
    }

    public TopSim.TopSim Sim { get; }
    public TopOptions Options { get; }
    public RateGate Gate { get; }
    public TopCallCounters Counters { get; }
    public TopClient Client { get; }
    public TopSession Session { get; }

    public static async Task<SimSession> StartAsync(FaultOptions faults, Action<TopOptions>? configure = null)
    {
        var sim = await TopSim.TopSim.StartAsync(new TopSimOptions { Profile = SimProfile.Hostile, Faults = faults });
        var options = new TopOptions
        {
            GatewayUrl = sim.GatewayUri.AbsoluteUri,
            AppKey = sim.AppKey,
            AppSecret = sim.AppSecret,
            SignMethod = TopSignMethod.HmacSha256,
            CallsPerSecond = 1000,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            BanJitter = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return new SimSession(sim, options);
    }

    /// <summary>TopSim's own counters (<c>/sim/stats</c>), the way an outside harness reads them.</summary>
    public async Task<SimStatsView> StatsAsync()
    {
        using var response = await _control.GetAsync(new Uri(Sim.BaseUri, "/sim/stats"));
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var root = json.RootElement;
        return new SimStatsView(
            ReadCounters(root, "callsServed"),
            ReadCounters(root, "errorsInjected"),
            ReadCounters(root, "callerErrors"),
            root.GetProperty("bans").GetInt64(),
            root.GetProperty("refusedDuringBan").GetInt64());
    }

    public async Task BanNowAsync(TimeSpan length)
    {
        using var response = await _control.PostAsync(
            new Uri(Sim.BaseUri, $"/sim/ban?seconds={length.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}"), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task AdvanceClockAsync(Duration by)
    {
        using var response = await _control.PostAsync(new Uri(Sim.BaseUri,
            $"/sim/clock/advance?seconds={by.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}"), null);
        response.EnsureSuccessStatusCode();
    }

    private static Dictionary<string, long> ReadCounters(JsonElement root, string name) =>
        root.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Gate.Dispose();
        Counters.Dispose();
        _control.Dispose();
        await Sim.DisposeAsync();
    }
}

internal sealed record SimStatsView(
    IReadOnlyDictionary<string, long> CallsServed,
    IReadOnlyDictionary<string, long> ErrorsInjected,
    IReadOnlyDictionary<string, long> CallerErrors,
    long Bans,
    long RefusedDuringBan)
{
    public long Served => CallsServed.Values.Sum();
    public long AllCallerErrors => CallerErrors.Values.Sum();
}
