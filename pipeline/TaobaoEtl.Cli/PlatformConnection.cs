using Microsoft.Extensions.Logging;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Top;

namespace TaobaoEtl.Cli;

/// <summary>
/// The platform side of a sync command: the rate gate, the call counters and the client built from
/// <c>Top:*</c>, and the configured shops, all from the validated options it was opened with. Owned by one command and
/// disposed with it.
/// </summary>
internal sealed class PlatformConnection : IDisposable
{
    private PlatformConnection(CliSession session, EtlOptions options)
    {
        Options = options;
        var top = options.Top;
        Gate = RateGate.FromOptions(top, session.TimeProvider);
        Counters = new TopCallCounters();
        Client = new TopClient(top, Gate, Counters, session.Clock, session.TimeProvider, session.LoggerFactory.CreateLogger<TopClient>());
        Shops = options.Shops
            .Select(shop => new SyncShop(shop.ShopId, shop.SellerNick, new TopSession(shop.Session)))
            .ToList();
    }

    /// <summary>The options the connection was opened with, for everything the command builds on it.</summary>
    public EtlOptions Options { get; }

    public RateGate Gate { get; }
    public TopCallCounters Counters { get; }
    public TopClient Client { get; }
    public IReadOnlyList<SyncShop> Shops { get; }

    /// <summary>
    /// The connection, or a configuration error naming what is missing (never a value). <paramref name="options"/>: the
    /// validated options to connect with when the command built its own (the demo's, see
    /// <see cref="EtlConfiguration.Rebind"/>); the session's by default.
    /// </summary>
    public static PlatformConnection Open(CliSession session, EtlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        options ??= session.Options;
        var errors = new List<ConfigurationError>();
        if (options.Top.GatewayUrl is null)
        {
            errors.Add(new("Top:GatewayUrl", "is not set: point it at the platform or at a running TopSim ('taobao-etl sim'), or try 'taobao-etl demo'"));
        }

        if (options.Shops.Count == 0) errors.Add(new("Shops", "no shop is configured"));
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);
        return new PlatformConnection(session, options);
    }

    /// <summary>A sync run on this connection, with the connection's options (<see cref="Options"/>).</summary>
    public SyncRun CreateRun(CliSession session) => new(Client, session.DataSource, Options.Sync, Options.Top.CallsPerSecond,
        session.Clock, session.TimeProvider, session.LoggerFactory.CreateLogger<SyncRun>(), SecretRedactor.FromOptions(Options));

    /// <summary>A reconcile (or resync) on this connection, with the connection's options.</summary>
    public Reconcile.ReconcileRun CreateReconcile(CliSession session) => new(Client, session.DataSource, Options.Sync, Options.Top.CallsPerSecond,
        session.Clock, session.TimeProvider, session.LoggerFactory.CreateLogger<Reconcile.ReconcileRun>(), SecretRedactor.FromOptions(Options));

    public void Dispose()
    {
        Client.Dispose();
        Gate.Dispose();
        Counters.Dispose();
    }
}
