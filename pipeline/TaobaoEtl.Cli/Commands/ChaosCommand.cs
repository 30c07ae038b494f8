using System.CommandLine;
using TaobaoEtl.Harness.Chaos;
using TaobaoEtl.Configuration;
using TaobaoEtl.TopSim;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl chaos --seed S --runs N [--preset small|double11] [--faults K]</c>: sync under SIGKILLs, immediate
/// database restarts, bans, isp storms, dropped connections, slow answers and peak index lag, then verify against
/// TopSim's truth. One JSON line per run and a total line on stdout; exit 0 only when every run verified clean,
/// 65 on any loss, 70 when a run could not finish.
/// </summary>
internal static class ChaosCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var seed = new Option<long>("--seed") { Description = "Seed of the first run (run i uses seed + i); it decides every random choice.", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Chaos runs (1-1000).", DefaultValueFactory = _ => 1 };
        var preset = new Option<string>("--preset") { Description = "TopSim world: double11 (default, its peak hour) or small (fast).", DefaultValueFactory = _ => "double11" };
        preset.AcceptOnlyFromAmong("small", "double11");
        var faults = new Option<int>("--faults") { Description = "Faults each run injects at least (1-200).", DefaultValueFactory = _ => 10 };
        var breakage = new Option<string>("--break")
        {
            Description = "TEST-ONLY: break a platform rule in the sync processes to see the harness fail: none, front-to-back, no-look-back, weak-settle, skip-rule.",
            DefaultValueFactory = _ => "none",
        };
        breakage.AcceptOnlyFromAmong([.. ChaosBreakages.Names]);
        var command = new Command("chaos",
            "Sync against a hostile TopSim while killing the sync, restarting PostgreSQL and flooding faults; then verify nothing was lost.");
        foreach (var option in new Option[] { seed, runs, preset, faults, breakage }) command.Options.Add(option);

        CommandAction.Set(command, ConfigurationNeeds.Database, output, error, async (session, parse, cancellationToken) =>
        {
            var runCount = parse.GetValue(runs);
            var faultTarget = parse.GetValue(faults);
            if (runCount is < 1 or > 1000 || faultTarget is < 1 or > 200)
            {
                await session.Error.WriteLineAsync("taobao-etl chaos: --runs must be 1-1000 and --faults 1-200");
                return ExitCode.Usage;
            }

            var settings = new ChaosSettings
            {
                Seed = parse.GetValue(seed),
                Runs = runCount,
                Preset = parse.GetValue(preset) == "small" ? SimPreset.Small : SimPreset.Double11,
                FaultTarget = faultTarget,
                AdminConnectionString = session.Options.Database.ConnectionString,
                Breakage = ChaosBreakages.Parse(parse.GetValue(breakage)),
            };
            var totals = await ChaosHarness.RunAsync(settings, session.Output, session.LoggerFactory, cancellationToken);
            if (totals.Clean) return ExitCode.Ok;
            return totals.Runs.Any(r => r.Report is { IsClean: false }) ? ExitCode.DataError : ExitCode.Software;
        });
        return command;
    }
}
