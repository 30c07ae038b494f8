using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.TopSim.Control;
using TaobaoEtl.TopSim.Gateway;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim;

/// <summary>
/// A running simulated Taobao Open Platform on 127.0.0.1: the gateway at <see cref="GatewayUri"/> and the control
/// endpoints under <c>/sim/</c>. Start with <see cref="StartAsync"/>, stop by disposing.
/// </summary>
public sealed class TopSim : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimContext _sim;

    private TopSim(WebApplication app, SimContext sim, Uri baseUri, TimeSpan startup)
    {
        _app = app;
        _sim = sim;
        BaseUri = baseUri;
        GatewayUri = new Uri(baseUri, "/router/rest");
        StartupTime = startup;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c></summary>
    public Uri BaseUri { get; }

    /// <summary><c>http://127.0.0.1:PORT/router/rest</c></summary>
    public Uri GatewayUri { get; }

    public string AppKey => _sim.AppKey;

    /// <summary>The fake app secret (derived from the seed): a credential for the simulator only.</summary>
    public string AppSecret => _sim.AppSecret;

    public IReadOnlyList<SimShop> Shops => _sim.World.Shops;

    /// <summary>Trades in the world (history and future), for sizing checks.</summary>
    public int TradeCount => _sim.World.Count;

    /// <summary>How long building the world and binding took.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>The simulated instant now.</summary>
    public Instant Now => _sim.Clock.Now;

    public static async Task<TopSim> StartAsync(TopSimOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid TopSim options: " + string.Join("; ", errors), nameof(options));

        var started = options.TimeProvider.GetTimestamp();
        var clockStart = options.EffectiveClockStart;
        var world = await Task.Run(() => WorldBuilder.Build(options.Seed, options.Preset, options.EffectiveShopCount, clockStart), cancellationToken);
        var appKey = "2" + (SplitMix.Hash(options.Seed, 1, 50) % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var appSecret = WorldBuilder.Hex(options.Seed, 2, 51, 32);
        var sim = new SimContext(world, new SimClock(clockStart, options.ClockSpeed, options.TimeProvider), options.EffectiveFaults, options.TimeProvider, appKey, appSecret);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        // A slow response in flight must not hold a stop for long.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new GatewayEndpoint(sim);
        app.MapMethods("/router/rest", ["GET", "POST"], gateway.HandleAsync);
        ControlEndpoints.Map(app, sim);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TopSim(app, sim, new Uri(address.TrimEnd('/') + "/"), options.TimeProvider.GetElapsedTime(started));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
