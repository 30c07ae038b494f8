using NodaTime;
using Microsoft.Extensions.Logging.Abstractions;
using TaobaoEtl.Configuration;
using TaobaoEtl.Harness.Sim;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.Windows;

namespace TaobaoEtl.IntegrationTests.Top;

/// <summary>
/// A TopSim on 127.0.0.1, a <see cref="TopClient"/> pointed at it over real HTTP (options, gate, counters) and the typed
/// control of its clock and switches: the one sim fixture of the integration tests (<c>SyncHarness</c> adds the database
/// and the run on top of it).
/// </summary>
internal sealed class SimSession : IAsyncDisposable
{
    private readonly HttpClient _control = new();

    private SimSession(TopSim.TopSim sim, TopOptions options)
    {
        Sim = sim;
        Control = new SimControlClient(_control, sim.BaseUri);
        Options = options;
        Gate = RateGate.FromOptions(options, TimeProvider.System);
        Counters = new TopCallCounters();
        Client = new TopClient(options, Gate, Counters, new TimeProviderClock(TimeProvider.System), TimeProvider.System,
            NullLogger<TopClient>.Instance);
        Session = new TopSession(sim.Shops[0].Session);
    }

    public TopSim.TopSim Sim { get; }
    public SimControlClient Control { get; }
    public TopOptions Options { get; }
    public RateGate Gate { get; }
    public TopCallCounters Counters { get; }
    public TopClient Client { get; }
    public TopSession Session { get; }

    public static Task<SimSession> StartAsync(FaultOptions faults, Action<TopOptions>? configure = null) =>
        StartAsync(new TopSimOptions { Profile = SimProfile.Hostile, Faults = faults }, sim => new TopOptions
        {
            GatewayUrl = sim.GatewayUri,
            AppKey = sim.AppKey,
            AppSecret = sim.AppSecret,
            SignMethod = TopSignMethod.HmacSha256,
            CallsPerSecond = 1000,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            BanJitter = TimeSpan.FromMilliseconds(200),
        }, configure);

    /// <summary>Starts TopSim with <paramref name="simOptions"/> and a client with the options <paramref name="options"/> gives for it.</summary>
    public static async Task<SimSession> StartAsync(TopSimOptions simOptions, Func<TopSim.TopSim, TopOptions> options, Action<TopOptions>? configure = null)
    {
        var sim = await TopSim.TopSim.StartAsync(simOptions);
        try
        {
            var top = options(sim);
            configure?.Invoke(top);
            return new SimSession(sim, top);
        }
        catch
        {
            await sim.DisposeAsync();
            throw;
        }
    }

    /// <summary>TopSim's own counters (<c>/sim/stats</c>), the way an outside harness reads them.</summary>
    public Task<SimStats> StatsAsync() => Control.StatsAsync();

    public Task BanNowAsync(TimeSpan length) => Control.BanAsync(length);

    public Task AdvanceClockAsync(Duration by) => Control.AdvanceAsync(by);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Gate.Dispose();
        Counters.Dispose();
        _control.Dispose();
        await Sim.DisposeAsync();
    }
}
