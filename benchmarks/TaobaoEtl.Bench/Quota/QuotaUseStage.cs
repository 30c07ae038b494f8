using TaobaoEtl.Harness.Sim;
using Microsoft.Extensions.Logging;
using TaobaoEtl.Bench.Report;
using TaobaoEtl.Configuration;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.Bench.Quota;

/// <summary>
/// How much of a quota of Q calls per second <see cref="TopClient"/> uses when many callers want more: callers
/// fetch trade details through one shared <see cref="RateGate"/> against a TopSim that bans the first call above
/// Q in any second of its clock. Calls are counted over a fixed window of real time after a warm-up; the bans
/// are TopSim's own count, the platform's view.
/// </summary>
public sealed class QuotaUseStage : IBenchStage
{
    public const string QuotaCallsPerSecond = "quota_calls_per_s";

    public string Title => "quota use";

    public string Name => "quota";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var time = context.TimeProvider;
        var faults = FaultOptions.Clean();
        faults.CallsPerSecond = settings.Quota;
        faults.BanSeconds = 5;
        await using var sim = await FrozenSim.StartAsync(context, SimPreset.Small, cancellationToken, faults);

        var shop = sim.Shops[0];
        var options = new TopOptions
        {
            GatewayUrl = sim.GatewayUri,
            AppKey = sim.AppKey,
            AppSecret = sim.AppSecret,
            CallsPerSecond = settings.Quota,
        };
        using var gate = RateGate.FromOptions(options, time);
        using var counters = new TopCallCounters();
        using var client = new TopClient(options, gate, counters, context.WallClock, time, context.LoggerFactory.CreateLogger<TopClient>());
        var session = new TopSession(shop.Session);
        // The tids to fetch come through the same client and gate: a call beside the gate would count against the
        // quota in TopSim's second without the gate knowing, and the next second's calls could be one too many.
        var listed = await client.GetSoldTidsAsync(session, new SoldTradesQuery(sim.Now - NodaTime.Duration.FromDays(30), sim.Now), cancellationToken);
        var tids = listed.Trades.Select(t => t.Tid).ToArray();
        if (tids.Length == 0) throw new InvalidOperationException("TopSim listed no trade to fetch in the quota phase.");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        var callers = Enumerable.Range(0, settings.QuotaCallers).Select(async _ =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                    await client.GetFullInfoAsync(session, tids[(int)((uint)Interlocked.Increment(ref next) % tids.Length)], stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The window closed while this caller waited at the gate or for an answer.
            }
        }).ToArray();

        long calls;
        TimeSpan elapsed;
        try
        {
            await Task.Delay(settings.QuotaWarmUp, time, cancellationToken);
            var before = counters.Snapshot().Count(TopCallOutcome.Success);
            var started = time.GetTimestamp();
            await Task.Delay(settings.QuotaWindow, time, cancellationToken);
            elapsed = time.GetElapsedTime(started);
            calls = counters.Snapshot().Count(TopCallOutcome.Success) - before;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(callers);
        }

        var (bans, refused) = await SimBansAsync(sim, cancellationToken);
        var clientBans = counters.Snapshot().Bans;
        var rate = calls / elapsed.TotalSeconds;
        BenchLog.QuotaMeasured(context.LoggerFactory.CreateLogger<QuotaUseStage>(), calls, elapsed.TotalSeconds, settings.Quota,
            settings.QuotaCallers, bans, refused);
        return
        [
            BenchFigure.Measured(BenchKeys.QuotaUse, rate / settings.Quota, "",
                $"Q = {settings.Quota}/s, {settings.QuotaCallers} callers, {elapsed.TotalSeconds:0.0} s of fullinfo.get"),
            BenchFigure.Measured(BenchKeys.Bans, bans, "bans",
                $"bans TopSim started; it refused {refused} calls during them, the client saw {clientBans} code 7 answers"),
            BenchFigure.Measured(QuotaCallsPerSecond, rate, "calls/s", "successful calls per second in the window"),
        ];
    }

    private static async Task<(long Bans, long Refused)> SimBansAsync(TopSimHost sim, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var stats = await new SimControlClient(http, sim.BaseUri).StatsAsync(cancellationToken);
        return (stats.Bans, stats.RefusedDuringBan);
    }
}
