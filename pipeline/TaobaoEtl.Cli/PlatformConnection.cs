using Microsoft.Extensions.Logging;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Top;

namespace TaobaoEtl.Cli;

/// <summary>
/// The platform side of a sync command: the rate gate, the call counters and the client built from
/// <c>Top:*</c>, and the configured shops. Owned by one command and disposed with it.
/// </summary>
internal sealed class PlatformConnection : IDisposable
{
    private PlatformConnection(CliSession session)
    {
        var top = session.Options.Top;
        Gate = RateGate.FromOptions(top, session.TimeProvider);
        Counters = new TopCallCounters();
        Client = new TopClient(top, Gate, Counters, session.Clock, session.TimeProvider, session.LoggerFactory.CreateLogger<TopClient>());
        Shops = session.Options.Shops
            .Select(shop => new SyncShop(shop.ShopId, shop.SellerNick, new TopSession(shop.Session)))
            .ToList();
    }

    public RateGate Gate { get; }
    public TopCallCounters Counters { get; }
    public TopClient Client { get; }
    public IReadOnlyList<SyncShop> Shops { get; }

    /// <summary>The connection, or a configuration error naming what is missing (never a value).</summary>
    public static PlatformConnection Open(CliSession session)
    {
        var errors = new List<ConfigurationError>();
        if (session.Options.Top.GatewayUrl is null)
        {
            errors.Add(new("Top:GatewayUrl", "is not set: point it at the platform or at a running TopSim ('taobao-etl sim'), or try 'taobao-etl demo'"));
        }

        if (session.Options.Shops.Count == 0) errors.Add(new("Shops", "no shop is configured"));
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);
        return new PlatformConnection(session);
    }

    public SyncRun CreateRun(CliSession session) => new(Client, session.DataSource, session.Options.Sync, session.Options.Top.CallsPerSecond,
        session.Clock, session.TimeProvider, session.LoggerFactory.CreateLogger<SyncRun>(), SecretRedactor.FromOptions(session.Options));

    public void Dispose()
    {
        Client.Dispose();
        Gate.Dispose();
        Counters.Dispose();
    }
}
