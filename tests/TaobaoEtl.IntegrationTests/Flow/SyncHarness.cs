using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.IntegrationTests.Top;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
using PlatformTime = TaobaoEtl.Windows.PlatformTime;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// A TopSim whose clock is frozen (it moves only when the test advances it) or runs at a given speed, and a <see cref="SyncRun"/> over real
/// HTTP and the test's PostgreSQL database. Shops come from the simulator; shop ids are the sim's ids as text.
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    private readonly HttpClient _control = new();

    private SyncHarness(TopSimHost sim, PostgresDatabase database, TopOptions top, SyncOptions sync)
    {
        Sim = sim;
        Database = database;
        Top = top;
        Sync = sync;
        Gate = RateGate.FromOptions(top, TimeProvider.System);
        Counters = new TopCallCounters();
        Client = new TopClient(top, Gate, Counters, new WallClock(TimeProvider.System), TimeProvider.System, NullLogger<TopClient>.Instance);
        Shops = sim.Shops.Select(s => new SyncShop(s.ShopId.ToString(CultureInfo.InvariantCulture), s.SellerNick, new TopSession(s.Session))).ToList();
        Run = new SyncRun(Client, database.DataSource, sync, top.CallsPerSecond, new WallClock(TimeProvider.System), TimeProvider.System,
            NullLogger<SyncRun>.Instance);
    }

    public TopSimHost Sim { get; }
    public PostgresDatabase Database { get; }
    public TopOptions Top { get; }
    public SyncOptions Sync { get; }
    public RateGate Gate { get; }
    public TopCallCounters Counters { get; }
    public TopClient Client { get; }
    public IReadOnlyList<SyncShop> Shops { get; }
    public SyncRun Run { get; }

    public static async Task<SyncHarness> StartAsync(PostgresDatabase database, long seed, FaultOptions faults, int backfillDays,
        Action<SyncOptions>? configure = null, double clockSpeed = 0)
    {
        var sim = await TopSimHost.StartAsync(new TopSimOptions
        {
            Seed = seed,
            Preset = SimPreset.Small,
            Faults = faults,
            ClockSpeed = clockSpeed,
        });
        var sync = new SyncOptions
        {
            BackfillDays = backfillDays,
            BatchSize = 300,
            FlushAge = TimeSpan.FromMilliseconds(100),
            ParallelSinks = 2,
            DetailConcurrency = 16,
        };
        configure?.Invoke(sync);
        return new SyncHarness(sim, database, TopOptionsFor(sim), sync);
    }

    public static TopOptions TopOptionsFor(TopSimHost sim) => new()
    {
        GatewayUrl = sim.GatewayUri.AbsoluteUri,
        AppKey = sim.AppKey,
        AppSecret = sim.AppSecret,
        CallsPerSecond = 5000,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        BanJitter = TimeSpan.FromMilliseconds(50),
        MaxAttempts = 10,
        CallTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Where the backfill's first day starts: the scope the comparison requires.</summary>
    public Instant ScopeStart(int backfillDays) =>
        PlatformTime.StartOf(PlatformTime.DateOf(Sim.Now).PlusDays(-backfillDays));

    public async Task<RunSummary> BackfillAsync()
    {
        var summary = await Run.BackfillAsync(Shops, CancellationToken.None);
        summary.ThrowIfFailed();
        return summary;
    }

    public async Task<RunSummary> IncrementAsync()
    {
        var summary = await Run.IncrementAsync(Shops, CancellationToken.None);
        summary.ThrowIfFailed();
        return summary;
    }

    public async Task AdvanceAsync(Duration by)
    {
        using var response = await _control.PostAsync(new Uri(Sim.BaseUri,
            "/sim/clock/advance?seconds=" + by.TotalSeconds.ToString(CultureInfo.InvariantCulture)), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Compares with the truth: trades created since the backfill's first day or changed since it ended are required.</summary>
    public Task<TruthComparison> CompareAsync(int backfillDays, Instant horizon) =>
        TruthComparison.CompareAsync(Database.DataSource, Sim.BaseUri, ScopeStart(backfillDays), ScopeStart(0), horizon);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Gate.Dispose();
        Counters.Dispose();
        _control.Dispose();
        await Sim.DisposeAsync();
    }
}
