using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Harness.Sim;
using TaobaoEtl.State;
using TaobaoEtl.TopSim;
using TaobaoEtl.Verify;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl demo</c>: the product end to end on embedded defaults. Starts TopSim in this process, takes
/// its gateway, credentials and shops as the configuration, migrates, backfills, then runs increments while
/// it moves the simulated clock forward, prints each run's summary, and verifies staging against the truth. Idempotent: a second demo on the
/// same database resumes from the committed state (the backfill finds its days done).
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var preset = new Option<string>("--preset") { Description = "TopSim world: small, double11 (default) or large.", DefaultValueFactory = _ => "double11" };
        preset.AcceptOnlyFromAmong("small", "double11", "large");
        var profile = new Option<string>("--profile") { Description = "clean (default) or hostile (lag, isp errors, 5xx, drops, bans).", DefaultValueFactory = _ => "clean" };
        profile.AcceptOnlyFromAmong("clean", "hostile");
        var seed = new Option<long>("--seed") { Description = "Seed of the simulated world and its faults.", DefaultValueFactory = _ => 20261111 };
        var days = new Option<int>("--days") { Description = "Backfill days (1-92).", DefaultValueFactory = _ => 30 };
        var increments = new Option<int>("--increments") { Description = "Increment passes after the backfill (0-100).", DefaultValueFactory = _ => 6 };
        var step = new Option<int>("--step-minutes") { Description = "Simulated minutes the clock moves before each increment (1-1440).", DefaultValueFactory = _ => 5 };
        var rate = new Option<int?>("--calls-per-second") { Description = "Calls/s to use (default: 3000 clean, 140 hostile, under its 150/s limit)." };
        var command = new Command("demo",
            "Run the whole product against an embedded TopSim: migrate, backfill, increments while the simulated clock moves, a reconcile against the platform, summaries, verify against the truth (exit 65 if anything is missing, stale or wrong, or the reconcile left something owed).");
        foreach (var option in new Option[] { preset, profile, seed, days, increments, step, rate }) command.Options.Add(option);

        CommandAction.Set(command, ConfigurationNeeds.Database, output, error, async (session, parse, cancellationToken) =>
        {
            var backfillDays = parse.GetValue(days);
            var passes = parse.GetValue(increments);
            var stepMinutes = parse.GetValue(step);
            if (backfillDays is < 1 or > 92 || passes is < 0 or > 100 || stepMinutes is < 1 or > 1440)
            {
                await session.Error.WriteLineAsync("taobao-etl: --days must be 1-92, --increments 0-100, --step-minutes 1-1440");
                return ExitCode.Usage;
            }

            var hostile = parse.GetValue(profile) == "hostile";
            var simOptions = new TopSimOptions
            {
                Preset = parse.GetValue(preset) switch { "small" => SimPreset.Small, "large" => SimPreset.Large, _ => SimPreset.Double11 },
                Profile = hostile ? SimProfile.Hostile : SimProfile.Clean,
                Seed = parse.GetValue(seed),
                // Frozen: the simulated clock moves only when the demo moves it, so a run is repeatable.
                ClockSpeed = 0,
                TimeProvider = session.TimeProvider,
            };

            var migrator = new SchemaMigrator(session.DataSource, session.LoggerFactory.CreateLogger<SchemaMigrator>());
            await migrator.MigrateAsync(Migration.Embedded(), cancellationToken);

            await using var sim = await TopSim.TopSim.StartAsync(simOptions, cancellationToken);
            var o = session.Output;
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"TopSim {parse.GetValue(preset)}/{parse.GetValue(profile)}: {sim.Shops.Count} shops, {sim.TradeCount:N0} trades in its world, clock {PlatformTime.Format(sim.Now)} GMT+8, started in {sim.StartupTime.TotalSeconds:F1} s"));

            // The session's options stay as validated: the demo's own are the configuration with the simulator's gateway,
            // credentials and shops (in place of any configured shops) on top, bound and validated the way start-up does.
            var options = EtlConfiguration.Rebind(session.Configuration,
                SimSettings(sim, parse.GetValue(rate) ?? (hostile ? 140 : 3000), backfillDays),
                ConfigurationNeeds.Database | ConfigurationNeeds.Platform, EtlConfiguration.TestOnlySwitches(parse));

            using var platform = PlatformConnection.Open(session, options);
            var run = platform.CreateRun(session);
            var backfill = await RunProgressDisplay.RunAsync(session, run, "backfill", () => run.BackfillAsync(platform.Shops, cancellationToken));
            await RunSummaryText.WriteAsync(o, backfill);
            backfill.ThrowIfFailed();

            using var http = new HttpClient();
            var control = new SimControlClient(http, sim.BaseUri);
            var total = backfill.Sink.RowsWritten;
            for (var pass = 1; pass <= passes; pass++)
            {
                await control.AdvanceAsync(Duration.FromMinutes(stepMinutes), cancellationToken);

                await o.WriteLineAsync($"-- clock moved {stepMinutes} min to {PlatformTime.Format(sim.Now)} GMT+8");
                var increment = await RunProgressDisplay.RunAsync(session, run, $"increment {pass}", () => run.IncrementAsync(platform.Shops, cancellationToken));
                await RunSummaryText.WriteAsync(o, increment);
                increment.ThrowIfFailed();
                total += increment.Sink.RowsWritten;
            }

            // The completeness proof against the platform itself, as a nightly job runs it: each backfilled day by its
            // count (a differing day diffed in full), the last day in full, the recent hours by modified.
            var reconcile = await platform.CreateReconcile(session).ReconcileAsync(platform.Shops,
                new Reconcile.ReconcileRequest { Depth = Reconcile.ReconcileDepth.Count, Days = backfillDays, FullDays = 1 }, cancellationToken);
            reconcile.ThrowIfFailed();
            await ReconcileSummaryText.WriteAsync(o, session.Error, reconcile);

            var report = await StatusReport.ReadAsync(session.DataSource, cancellationToken);
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"demo done: {total:N0} rows written in {1 + passes} runs; staging.sales_order holds {report.Tables.First(t => t.Table == "staging.sales_order").Rows:N0} trades, " +
                $"staging.refund {report.Tables.First(t => t.Table == "staging.refund").Rows:N0} refunds"));
            foreach (var position in report.Positions)
                await o.WriteLineAsync($"  watermark {position.ShopId}/{position.Stream}: {PlatformTime.Format(position.Watermark)} GMT+8");

            // The promise checked the way anyone can: staging against the simulator's truth, for the demo's shops.
            var verifier = new TruthVerifier(session.DataSource, http, session.LoggerFactory.CreateLogger<TruthVerifier>());
            var verified = await verifier.VerifyAsync(sim.BaseUri,
                new VerifyScope { ShopIds = platform.Shops.Select(shop => shop.ShopId).ToList(), Sync = options.Sync }, cancellationToken);
            foreach (var offender in verified.Offenders.Take(20))
                await session.Error.WriteLineAsync("  " + offender);
            await o.WriteLineAsync("verify: " + verified.ToJson());
            return verified.IsClean && reconcile.ExitCode == ExitCode.Ok ? ExitCode.Ok : ExitCode.DataError;
        });
        return command;
    }

    // The settings the embedded simulator supplies, as configuration keys so they are checked like any other source.
    private static Dictionary<string, string?> SimSettings(TopSim.TopSim sim, int callsPerSecond, int backfillDays)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Top:GatewayUrl"] = sim.GatewayUri.AbsoluteUri,
            ["Top:AppKey"] = sim.AppKey,
            ["Top:AppSecret"] = sim.AppSecret,
            ["Top:CallsPerSecond"] = callsPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Sync:BackfillDays"] = backfillDays.ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < sim.Shops.Count; i++)
        {
            var shop = sim.Shops[i];
            settings[$"Shops:{i}:ShopId"] = shop.ShopId.ToString(CultureInfo.InvariantCulture);
            settings[$"Shops:{i}:SellerNick"] = shop.SellerNick;
            settings[$"Shops:{i}:Session"] = shop.Session;
        }

        return settings;
    }
}
