using System.CommandLine;
using TaobaoEtl.Configuration;
using TaobaoEtl.State;

namespace TaobaoEtl.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("status", "Show the schema version, row counts, watermarks, dead letters and recent runs.");
        CommandAction.Set(command, ConfigurationNeeds.Database, output, error, async (session, _, cancellationToken) =>
        {
            var report = await StatusReport.ReadAsync(session.DataSource, cancellationToken);
            var o = session.Output;
            await o.WriteLineAsync($"Database        {session.DatabaseDisplayName}, schema version {report.SchemaVersion}");
            foreach (var (table, rows) in report.Tables)
                await o.WriteLineAsync($"  {table,-26} {rows,12:N0} rows");
            if (report.Positions.Count == 0) await o.WriteLineAsync("Watermarks      none yet (no increment has committed)");
            foreach (var position in report.Positions)
                await o.WriteLineAsync($"Watermark       {position.ShopId}/{position.Stream}: {position.Watermark}");
            await o.WriteLineAsync($"Dead letters    {report.OpenDeadLetters:N0} open");
            await o.WriteLineAsync($"Quarantined     {report.Quarantined:N0}");
            foreach (var run in report.RecentRuns)
                await o.WriteLineAsync($"Run {run.RunId,-6} {run.Command,-12} {run.Status,-10} started {run.StartedAt}");
            return ExitCode.Ok;
        });
        return command;
    }
}
