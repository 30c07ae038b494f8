using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Harness;
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
/// A TopSim world with its clock frozen and a database holding a faithful copy of what a pipeline owes of it,
/// loaded the honest way, since the pipeline does not exist yet: the trades a backfill of <see cref="BackfillDays"/>
/// days and one increment up to now would list (chosen from <c>/sim/truth</c>), each fetched with the real
/// <see cref="TopClient"/> (<c>taobao.trade.fullinfo.get</c>, <c>taobao.refund.get</c>), normalized by the
/// library and written by <see cref="CopySink"/> with the backfill days done and the watermark at now.
/// Tests verify a fresh copy (CREATE DATABASE … TEMPLATE) so each can break its own.
/// </summary>
public class StagedWorld : IAsyncLifetime
{
    public const int BackfillDays = 3;

    private readonly PostgresDatabase _template = new();

    protected virtual int ShopCount => 2;

    public TopSimHost Sim { get; private set; } = null!;

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
        Sim = await TopSimHost.StartAsync(new TopSimOptions
        {
            Preset = SimPreset.Small,
            Profile = SimProfile.Clean,
            ClockSpeed = 0,
            Seed = 606,
            ShopCount = ShopCount,
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

    public async Task<IReadOnlyList<TruthTrade>> ReadTruthAsync()
    {
        using var http = new HttpClient();
        return await new SimControlClient(http, Sim.BaseUri).TruthTradesAsync();
    }

    public async Task AdvanceClockAsync(Duration by)
    {
        using var http = new HttpClient();
        await new SimControlClient(http, Sim.BaseUri).AdvanceAsync(by);
    }

    /// <summary>What the pipeline owes: created in the backfill days, or modified since the initial watermark.</summary>
    public bool Owed(TruthTrade t) =>
        (t.Created >= InitialWatermark - Duration.FromDays(BackfillDays) && t.Created < InitialWatermark) || t.Modified >= InitialWatermark;

    private async Task LoadAsync(NpgsqlDataSource db)
    {
        var ct = CancellationToken.None;
        TruthAtLoad = await ReadTruthAsync();
        var owed = TruthAtLoad.Where(Owed).ToList();

        var options = new TopOptions
        {
            GatewayUrl = Sim.GatewayUri.AbsoluteUri,
            AppKey = Sim.AppKey,
            AppSecret = Sim.AppSecret,
            CallsPerSecond = 5000,
        };
        using var gate = RateGate.FromOptions(options, TimeProvider.System);
        using var counters = new TopCallCounters();
        using var client = new TopClient(options, gate, counters, new TimeProviderClock(TimeProvider.System), TimeProvider.System, NullLogger<TopClient>.Instance);
        var sessions = Sim.Shops.ToDictionary(s => s.ShopId, s => new TopSession(s.Session));

        var state = new SyncStateStore(db);
        foreach (var shop in Sim.Shops)
        {
            await state.EnsureShopAsync(EtlShopIds[shop.ShopId], shop.SellerNick, ct);
            await state.EnsureWatermarkAsync(EtlShopIds[shop.ShopId], SyncStream.Trade, InitialWatermark, ct);
        }

        var trades = new ConcurrentBag<NormalizedTrade>();
        var refunds = new ConcurrentBag<NormalizedRefund>();
        await Parallel.ForEachAsync(owed, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (truth, token) =>
        {
            var shopId = EtlShopIds[truth.ShopId];
            var full = await client.GetFullInfoAsync(sessions[truth.ShopId], truth.Tid, token);
            var normalized = TradeNormalizer.Normalize(full.TradeJson.Span, shopId, full.ReadNotBefore);
            Assert.True(normalized.IsAccepted, normalized.Rejection?.Reason);
            trades.Add(normalized.Value);
            foreach (var refundId in truth.RefundIds)
            {
                var refund = await client.GetRefundAsync(sessions[truth.ShopId], refundId, TradeFields.Refund, token);
                refunds.Add(ToNormalized(shopId, refund));
            }
        });

        var checkpoints = new List<ICheckpoint>();
        foreach (var shopId in EtlShopIds.Values.Order(StringComparer.Ordinal))
        {
            foreach (var day in BackfillCalendar.Days(shopId, LoadedAt, BackfillDays))
                checkpoints.Add(new WindowDoneCheckpoint(day, new WindowTally(1, 0, 0, 0), null));
            var slice = new TradeWindow(shopId, SyncStream.Trade, WindowKind.IncrementSlice,
                new Interval(InitialWatermark - Duration.FromMinutes(10), PlatformTime.FloorToSecond(LoadedAt)));
            checkpoints.Add(new WindowDoneCheckpoint(slice, new WindowTally(1, 0, 0, 0), null));
        }

        await CopySink.WriteBatchAsync(db, new SinkBatch { Trades = [.. trades], Refunds = [.. refunds], Checkpoints = checkpoints }, ct);
        TradesLoaded = trades.Count;
        RefundsLoaded = refunds.Count;
    }

    private static NormalizedRefund ToNormalized(string shopId, RefundResult result)
    {
        var r = result.Refund;
        var row = new RefundRow
        {
            ShopId = shopId,
            RefundId = r.RefundId,
            Tid = r.Tid,
            Oid = r.Oid,
            Title = r.Title,
            BuyerNick = r.BuyerNick,
            SellerNick = r.SellerNick,
            TotalFee = r.TotalFee,
            RefundFee = r.RefundFee,
            Payment = r.Payment,
            Status = r.Status,
            GoodStatus = r.GoodStatus,
            OrderStatus = r.OrderStatus,
            RefundPhase = r.RefundPhase,
            DisputeType = r.DisputeType,
            Reason = r.Reason,
            Description = r.Description,
            HasGoodReturn = r.HasGoodReturn,
            CompanyName = r.CompanyName,
            Sid = r.Sid,
            Created = r.Created,
            Modified = r.Modified ?? throw new InvalidOperationException($"refund {r.RefundId} has no modified"),
            FetchedAt = result.Answer.ReadNotBefore,
        };
        return new NormalizedRefund(row, JsonSerializer.Serialize(new { refund_id = r.RefundId }));
    }

    public async Task DisposeAsync()
    {
        await _template.DisposeAsync();
        await Sim.DisposeAsync();
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
