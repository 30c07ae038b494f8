using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Harness.Sim;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.IntegrationTests.Top;
using TaobaoEtl.Reconcile;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.Verify;
using TaobaoEtl.Windows;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// A TopSim whose clock is frozen (it moves only when the test advances it) or runs at a given speed, and a <see cref="SyncRun"/> over real
/// HTTP and the test's PostgreSQL database. Shops come from the simulator; shop ids are the sim's ids as text.
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    private readonly SimSession _platform;

    private SyncHarness(SimSession platform, PostgresDatabase database, SyncOptions sync, IClock? runClock, SecretRedactor? redactor)
    {
        _platform = platform;
        var sim = platform.Sim;
        Database = database;
        Sync = sync;
        Shops = sim.Shops.Select(s => new SyncShop(s.ShopId.ToString(CultureInfo.InvariantCulture), s.SellerNick, new TopSession(s.Session))).ToList();
        // The run's own clock (owed trades' backoff) may be a test's FakeClock; the client always signs with the
        // wall clock, which TopSim checks.
        RunClock = runClock ?? new TimeProviderClock(TimeProvider.System);
        Redactor = redactor ?? SecretRedactor.None;
        Run = new SyncRun(Client, database.DataSource, sync, Top.CallsPerSecond, RunClock, TimeProvider.System,
            NullLogger<SyncRun>.Instance, Redactor);
    }

    public TopSimHost Sim => _platform.Sim;
    public SimControlClient Control => _platform.Control;
    public PostgresDatabase Database { get; }
    public TopOptions Top => _platform.Options;
    public SyncOptions Sync { get; }
    public RateGate Gate => _platform.Gate;
    public TopCallCounters Counters => _platform.Counters;
    public TopClient Client => _platform.Client;
    public IReadOnlyList<SyncShop> Shops { get; }
    public SyncRun Run { get; }
    public IClock RunClock { get; }
    public SecretRedactor Redactor { get; }

    /// <summary><c>refetch</c> as the CLI builds it: this harness's client, database, options, run clock and redactor.</summary>
    public TidRefetch Refetch(ILogger? logger = null) =>
        new(Client, Database.DataSource, Sync, 4, RunClock, TimeProvider.System, logger ?? NullLogger.Instance, Redactor);

    /// <summary><c>reconcile</c> and <c>resync</c> as the CLI builds them, on this harness's client, database and options.</summary>
    public ReconcileRun Reconcile(ILogger? logger = null) =>
        new(Client, Database.DataSource, Sync, Top.CallsPerSecond, RunClock, TimeProvider.System, logger ?? NullLogger.Instance, Redactor);

    public static async Task<SyncHarness> StartAsync(PostgresDatabase database, long seed, FaultOptions faults, int backfillDays,
        Action<SyncOptions>? configure = null, double clockSpeed = 0, Func<Uri, string>? gateway = null, IClock? runClock = null,
        Func<TopSimHost, SecretRedactor>? redactor = null,
        SimPreset preset = SimPreset.Small, Instant? clockStart = null, int? shopCount = null)
    {
        var sync = new SyncOptions
        {
            BackfillDays = backfillDays,
            BatchSize = 300,
            FlushAge = TimeSpan.FromMilliseconds(100),
            ParallelSinks = 2,
            DetailConcurrency = 16,
            // The rules at their shortest pauses (the platform asks 3 minutes after a 520), so a hostile world costs seconds.
            OverloadPause = TimeSpan.FromSeconds(1),
            ListFailurePause = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(sync);
        var platform = await SimSession.StartAsync(new TopSimOptions
        {
            Seed = seed,
            Preset = preset,
            Faults = faults,
            ClockSpeed = clockSpeed,
            ClockStart = clockStart,
            ShopCount = shopCount,
        }, sim =>
        {
            var top = TopOptionsFor(sim);
            // A test may put a proxy between the client and TopSim (given TopSim's gateway, it returns the URL to call).
            if (gateway is not null) top.GatewayUrl = new Uri(gateway(sim.GatewayUri));
            return top;
        });
        return new SyncHarness(platform, database, sync, runClock, redactor?.Invoke(platform.Sim));
    }

    public static TopOptions TopOptionsFor(TopSimHost sim) => new()
    {
        GatewayUrl = sim.GatewayUri,
        AppKey = sim.AppKey,
        AppSecret = sim.AppSecret,
        CallsPerSecond = 5000,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        BanJitter = TimeSpan.FromMilliseconds(50),
        MaxAttempts = 10,
        CallTimeout = TimeSpan.FromSeconds(10),
    };

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

    public Task AdvanceAsync(Duration by) => Control.AdvanceAsync(by);

    /// <summary>
    /// Makes the world quiescent for a proof that covers its last stretch: TopSim's life is paused (no new changes),
    /// and the clock moves past the longest list-index lag, so every change is visible before the next increment's
    /// end and nothing may be pending after it.
    /// </summary>
    public Task QuiesceAsync() => Control.QuiesceAsync();

    /// <summary>TopSim's <c>errorsInjected</c> counter of one kind (e.g. <c>paging_churn_insert</c>).</summary>
    public async Task<long> InjectedAsync(string kind) => (await Control.StatsAsync()).Injected(kind);

    /// <summary>
    /// Compares staging with TopSim's truth through the verify library. <paramref name="lookBack"/> null = changes
    /// within the configured look-back before the watermark are pending; zero = every change up to the watermark is owed.
    /// </summary>
    public async Task<VerifyReport> VerifyAsync(Duration? lookBack = null)
    {
        using var http = new HttpClient();
        var verifier = new TruthVerifier(Database.DataSource, http);
        return await verifier.VerifyAsync(Sim.BaseUri, new VerifyScope { Sync = Sync, LookBack = lookBack }, CancellationToken.None);
    }

    public static string Describe(VerifyReport report) =>
        report.ToJson() + " first offenders: " + string.Join("; ", report.Offenders.Take(10).Select(o => o.ToString()));

    public ValueTask DisposeAsync() => _platform.DisposeAsync();
}
