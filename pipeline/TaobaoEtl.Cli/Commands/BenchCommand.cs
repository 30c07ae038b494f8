using System.CommandLine;
using TaobaoEtl.Bench;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl bench [--quick] [--only STAGE,…]</c>: the macro benchmark (issue 7). Prints a table of figures and, as the last
/// line of stdout, one JSON object with every figure by key. The end-to-end figures come from this same CLI run
/// as child processes (<c>backfill</c>, <c>increment</c>) against an in-process TopSim.
/// It creates and drops its own databases on the configured server; the configured database is not touched.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var quick = new Option<bool>("--quick") { Description = "100k trades (sink and end-to-end backfill) and a 10 s quota phase (a few minutes) instead of 1M and 30 s." };
        var trades = new Option<long?>("--trades") { Description = "Trades through the sink and psql, and backfilled end to end (default: 100k quick, 1M full; the memory baseline is a tenth)." };
        var quota = new Option<int?>("--quota") { Description = "Quota Q in calls/s for the quota phase (default: Top:CallsPerSecond)." };
        var quotaSeconds = new Option<double?>("--quota-seconds") { Description = "Length of the quota phase's counting window (default: 10 quick, 30 full)." };
        var sample = new Option<int?>("--sample") { Description = "Distinct trades recorded from TopSim to mint the corpus from (default 5000)." };
        var psql = new Option<string?>("--psql") { Description = "Path of the psql to time (default: pg_config --bindir, /usr/lib/postgresql/*/bin, PATH)." };
        var only = new Option<string[]>("--only")
        {
            Description = $"Run these stages only ({BenchRun.StageNames()}; comma-separated or repeated); the other required figures are reported null.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("bench", "Measure the sink against psql \\copy, quota use, the sync end to end (backfill, increment, calls, memory); print a table and a JSON line.");
        foreach (var option in new Option[] { quick, trades, quota, quotaSeconds, sample, psql, only }) command.Options.Add(option);

        CommandAction.Set(command, ConfigurationNeeds.Database, output, error, async (session, parse, cancellationToken) =>
        {
            var defaults = parse.GetValue(quick) ? BenchSettings.Quick : BenchSettings.Full;
            var settings = defaults with
            {
                Trades = parse.GetValue(trades) ?? defaults.Trades,
                Quota = parse.GetValue(quota) ?? session.Options.Top.CallsPerSecond,
                QuotaWindow = parse.GetValue(quotaSeconds) is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.QuotaWindow,
                SampleSize = parse.GetValue(sample) ?? defaults.SampleSize,
                BatchSize = session.Options.Sync.BatchSize,
                ParallelSinks = session.Options.Sync.ParallelSinks,
                PsqlPath = parse.GetValue(psql),
            };
            if (settings.Trades < 100 || settings.SampleSize < 100 || settings.Quota < 1 || settings.QuotaWindow < TimeSpan.FromSeconds(1))
            {
                await session.Error.WriteLineAsync("taobao-etl bench: --trades and --sample must be at least 100, --quota at least 1, --quota-seconds at least 1.");
                return ExitCode.Usage;
            }

            BenchRun run;
            var names = (parse.GetValue(only) ?? []).SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToArray();
            try
            {
                run = names.Length == 0 ? BenchRun.Standard() : BenchRun.Only(names);
            }
            catch (ArgumentException ex)
            {
                await session.Error.WriteLineAsync("taobao-etl bench --only: " + ex.Message);
                return ExitCode.Usage;
            }

            var work = Directory.CreateTempSubdirectory("taobao-etl-bench-");
            try
            {
                var context = new BenchContext(settings, session.Options.Database.ConnectionString, session.LoggerFactory, session.TimeProvider, work);
                var report = await run.RunAsync(context, cancellationToken);
                await BenchTable.WriteAsync(report, session.Output, IsTerminal(session.Output));
                await session.Output.WriteLineAsync(report.ToJsonLine());
                return ExitCode.Ok;
            }
            finally
            {
                work.Delete(recursive: true);
            }
        });
        return command;
    }

    private static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
}
