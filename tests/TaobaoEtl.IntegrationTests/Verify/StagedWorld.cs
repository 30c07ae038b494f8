using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Harness.Sim;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.IntegrationTests.Top;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
using TaobaoEtl.Windows;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.IntegrationTests.Verify;

/// <summary>
/// A TopSim world with its clock frozen and a database holding a faithful copy of what a pipeline owes of it:
/// the trades a backfill of <see cref="BackfillDays"/> days and one increment up to now would list (chosen from
/// <c>/sim/truth</c>), loaded by the library's own detail path (<see cref="TidRefetch"/>: <c>taobao.trade.fullinfo.get</c>
/// with the real <see cref="TopClient"/> of the one sim fixture, <see cref="SimSession"/>, the normalizer and
/// <see cref="CopySink"/> under the version rule), then their refunds (<c>taobao.refund.get</c>) and the ledger — the
/// backfill days done and the watermark at now — written by <see cref="CopySink"/>.
/// Tests verify a fresh copy (CREATE DATABASE … TEMPLATE) so each can break its own.
/// </summary>
public class StagedWorld : IAsyncLifetime
{
    public const int BackfillDays = 3;

    /// <summary>Calls at once during the load (trade details, then refunds).</summary>
    private const int LoadConcurrency = 8;

    private readonly PostgresDatabase _template = new();
    private SimSession _platform = null!;

    protected virtual int ShopCount => 2;

    public TopSimHost Sim => _platform.Sim;

    /// <summary>The simulated now of the load: the watermark.</summary>
    public Instant LoadedAt { get; private set; }

    public Instant InitialWatermark => IncrementSlicer.InitialWatermark(LoadedAt);

    /// <summary>etl.shop id by the simulator's shop id. Deliberately not the platform's id: shops are matched by nick.</summary>
    public IReadOnlyDictionary<long, string> EtlShopIds { get; private set; } = new Dictionary<long, string>();

    /// <summary>The truth as it was at the load, trades only.</summary>
    public IReadOnlyList<TruthTrade> TruthAtLoad { get; private set; } = [];

    public int TradesLoaded { get; private set; }
    public int RefundsLoaded { get; private set; }

    public async Task InitializeAsync()
    {
        _platform = await SimSession.StartAsync(new TopSimOptions
        {
            Preset = SimPreset.Small,
            Profile = SimProfile.Clean,
            ClockSpeed = 0,
            Seed = 606,
            ShopCount = ShopCount,
        }, sim => new TopOptions
        {
            GatewayUrl = sim.GatewayUri,
            AppKey = sim.AppKey,
            AppSecret = sim.AppSecret,
            CallsPerSecond = 5000,
        });
        LoadedAt = Sim.Now;
        EtlShopIds = Sim.Shops.Select((shop, i) => (shop.ShopId, Id: $"shop-{i + 1}")).ToDictionary(s => s.ShopId, s => s.Id);
        await _template.InitializeAsync();
        await LoadAsync(_template.DataSource);
        // A template must have no session: the copies are made from it.
        await _template.DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A fresh database with the loaded copy, dropped on disposal.</summary>
    public async Task<StagedCopy> CopyAsync() => await StagedCopy.CreateAsync(_template.Name);

    public Task<IReadOnlyList<TruthTrade>> ReadTruthAsync() => _platform.Control.TruthTradesAsync();

    public Task AdvanceClockAsync(Duration by) => _platform.AdvanceClockAsync(by);

    /// <summary>What the pipeline owes: created in the backfill days, or modified since the initial watermark.</summary>
    public bool Owed(TruthTrade t) =>
        (t.Created >= BackfillFrom && t.Created < InitialWatermark) || t.Modified >= InitialWatermark;

    /// <summary>The start of the first backfill day.</summary>
    public Instant BackfillFrom => InitialWatermark - Duration.FromDays(BackfillDays);

    private async Task LoadAsync(NpgsqlDataSource db)
    {
        var ct = CancellationToken.None;
        TruthAtLoad = await ReadTruthAsync();
        var owed = TruthAtLoad.Where(Owed).ToList();

        var client = _platform.Client;
        var shops = Sim.Shops.ToDictionary(s => s.ShopId, s => new SyncShop(EtlShopIds[s.ShopId], s.SellerNick, new TopSession(s.Session)));

        var state = new SyncStateStore(db);
        foreach (var shop in Sim.Shops)
        {
            await state.EnsureShopAsync(EtlShopIds[shop.ShopId], shop.SellerNick, ct);
            await state.EnsureWatermarkAsync(EtlShopIds[shop.ShopId], SyncStream.Trade, InitialWatermark, ct);
        }

        // The trades and refunds through the pipeline's detail path (refetch: fetch, normalize, CopySink, version rule): every
        // one fetched, accepted and inserted, none owed. The refunds are those the refund stream owes: changed since the first
        // backfill day, whatever their trade.
        var refetch = new TidRefetch(client, db, new SyncOptions(), LoadConcurrency, new TimeProviderClock(TimeProvider.System),
            TimeProvider.System, NullLogger.Instance, SecretRedactor.None);
        var tradesLoaded = 0L;
        var refundsLoaded = 0L;
        foreach (var (simShopId, shop) in shops)
        {
            var tids = owed.Where(t => t.ShopId == simShopId).Select(t => t.Tid).ToList();
            var refundIds = TruthAtLoad.Where(t => t.ShopId == simShopId).SelectMany(t => t.Refunds)
                .Where(r => r.Modified >= BackfillFrom).Select(r => r.RefundId).ToList();
            var summary = await refetch.RefetchAsync(shop, tids, refundIds, ct);
            summary.ThrowIfFailed();
            Assert.Equal((RunStatus.Succeeded, 0L, 0L, 0L, (long)tids.Count, (long)refundIds.Count),
                (summary.Status, summary.Quarantined, summary.DeadLetters, summary.Owed.Open, summary.Sink.TradesInserted, summary.Sink.RefundsInserted));
            tradesLoaded += summary.Sink.TradesInserted;
            refundsLoaded += summary.Sink.RefundsInserted;
        }

        var checkpoints = new List<ICheckpoint>();
        foreach (var shopId in EtlShopIds.Values.Order(StringComparer.Ordinal))
        {
            foreach (var day in BackfillCalendar.Days(shopId, LoadedAt, BackfillDays))
                checkpoints.Add(new WindowDoneCheckpoint(day, new WindowTally(1, 0, 0, 0), null));
            var slice = new TradeWindow(shopId, SyncStream.Trade, WindowKind.IncrementSlice,
                new Interval(InitialWatermark - Duration.FromMinutes(10), PlatformTime.FloorToSecond(LoadedAt)));
            checkpoints.Add(new WindowDoneCheckpoint(slice, new WindowTally(1, 0, 0, 0), null));
        }

        await new WindowLedger(db).CommitAsync(checkpoints, ct);
        TradesLoaded = checked((int)tradesLoaded);
        RefundsLoaded = checked((int)refundsLoaded);
    }

    public async Task DisposeAsync()
    {
        await _template.DisposeAsync();
        if (_platform is not null) await _platform.DisposeAsync();
    }
}

/// <summary>A database made from the loaded template; dropped on disposal.</summary>
public sealed class StagedCopy : IAsyncDisposable
{
    private StagedCopy(string name, string connectionString, NpgsqlDataSource dataSource)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static async Task<StagedCopy> CreateAsync(string template)
    {
        var name = "etl_verify_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(PostgresDatabase.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(PostgresDatabase.AdminConnectionString) { Database = name }.ConnectionString;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNodaTime();
        return new StagedCopy(name, connectionString, builder.Build());
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var admin = new NpgsqlConnection(PostgresDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
