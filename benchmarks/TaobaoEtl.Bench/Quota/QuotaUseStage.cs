using System.Text.Json;
using Microsoft.Extensions.Logging;
using TaobaoEtl.Bench.Corpus;
using TaobaoEtl.Bench.Report;
using TaobaoEtl.Configuration;
using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
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

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var time = context.TimeProvider;
        var faults = FaultOptions.Clean();
        faults.CallsPerSecond = settings.Quota;
        faults.BanSeconds = 5;
        await using var sim = await TopSimHost.StartAsync(new TopSimOptions
        {
            Preset = SimPreset.Small,
            Profile = SimProfile.Clean,
            Faults = faults,
            ClockSpeed = 0,
            TimeProvider = time,
        }, cancellationToken);

        var shop = sim.Shops[0];
        IReadOnlyList<long> tids;
        using (var recorder = new SimRecorder(sim, context.WallClock))
        {
            var page = await recorder.SoldPageAsync(shop.Session, sim.Now - NodaTime.Duration.FromDays(30), sim.Now, 1, cancellationToken);
            tids = SimRecorder.ReadSoldPage(page.Envelope).Tids;
        }

        // The list call above spent one call of the quota; the warm-up lets that second pass before anything counts.
        var options = new TopOptions
        {
            GatewayUrl = sim.GatewayUri.AbsoluteUri,
            AppKey = sim.AppKey,
            AppSecret = sim.AppSecret,
            CallsPerSecond = settings.Quota,
        };
        using var gate = RateGate.FromOptions(options, time);
        using var counters = new TopCallCounters();
        using var client = new TopClient(options, gate, counters, context.WallClock, time, context.LoggerFactory.CreateLogger<TopClient>());
        var session = new TopSession(shop.Session);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        var callers = Enumerable.Range(0, settings.QuotaCallers).Select(async _ =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                    await client.GetFullInfoAsync(session, tids[(int)((uint)Interlocked.Increment(ref next) % tids.Count)], stop.Token);
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
            var before = counters.Snapshot().Total;
            var started = time.GetTimestamp();
            await Task.Delay(settings.QuotaWindow, time, cancellationToken);
            elapsed = time.GetElapsedTime(started);
            calls = counters.Snapshot().Total - before;
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
            BenchFigure.Measured(BenchKeys.Bans, Math.Max(bans, clientBans), "bans",
                $"TopSim bans {bans}, calls refused {refused}; client saw {clientBans}"),
            BenchFigure.Measured(QuotaCallsPerSecond, rate, "calls/s", "achieved rate in the window"),
        ];
    }

    private static async Task<(long Bans, long Refused)> SimBansAsync(TopSimHost sim, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        await using var stream = await http.GetStreamAsync(new Uri(sim.BaseUri, "/sim/stats"), cancellationToken);
        using var stats = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return (stats.RootElement.GetProperty("bans").GetInt64(), stats.RootElement.GetProperty("refusedDuringBan").GetInt64());
    }
}
