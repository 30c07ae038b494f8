using System.CommandLine;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;
using TaobaoEtl.Configuration;
using TaobaoEtl.Reconcile;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl reconcile</c>: the completeness proof against the platform. Per platform day a count (one call) or a full
/// diff of (tid, modified); a day whose count differs is diffed in full; the recent hours by modified; what differs is
/// repaired through the detail path and checked again. Exit 0 when nothing is owed after the repair, 65 when something is.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var shops = new Option<string[]>("--shop") { Description = "Shop ids to check (repeatable); default: every configured shop.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var days = new Option<int?>("--days") { Description = "Check the last N platform days before today (1-92; default Sync:BackfillDays)." };
        var from = new Option<string?>("--from") { Description = "First day to check (yyyy-MM-dd, platform zone), with --to." };
        var to = new Option<string?>("--to") { Description = "Last day to check (yyyy-MM-dd, included), with --from." };
        var depth = new Option<string>("--depth") { Description = "count: one call per day, a differing day is diffed in full; full: every day diffed.", DefaultValueFactory = _ => "count" };
        depth.AcceptOnlyFromAmong("count", "full");
        var fullDays = new Option<int>("--full-days") { Description = "The newest N days of the range are diffed in full whatever their count.", DefaultValueFactory = _ => 0 };
        var recent = new Option<int>("--recent-hours") { Description = "Also check the trades modified in the last H hours (0-2208; 0: not at all).", DefaultValueFactory = _ => 48 };
        var command = new Command("reconcile", "Check staging against the platform per day (counts or a full diff) and the recent hours by modified; repair what differs through the detail path.");
        foreach (var option in new Option[] { shops, days, from, to, depth, fullDays, recent }) command.Options.Add(option);
        CommandAction.Set(command, ConfigurationNeeds.Database | ConfigurationNeeds.Platform, output, error, async (session, parse, cancellationToken) =>
        {
            var fromText = parse.GetValue(from);
            var toText = parse.GetValue(to);
            var dayCount = parse.GetValue(days);
            LocalDate? fromDate = null, toDate = null;
            string? usage = null;
            if ((fromText is null) != (toText is null)) usage = "--from and --to go together";
            else if (fromText is not null && dayCount is not null) usage = "give either --days or --from/--to, not both";
            else if (dayCount is < 1 or > 92) usage = "--days must be 1-92";
            else if (parse.GetValue(fullDays) is < 0 or > 92) usage = "--full-days must be 0-92";
            else if (parse.GetValue(recent) is < 0 or > 2208) usage = "--recent-hours must be 0-2208";
            else if (fromText is not null)
            {
                var f = LocalDatePattern.Iso.Parse(fromText);
                var t = LocalDatePattern.Iso.Parse(toText!);
                if (!f.Success || !t.Success) usage = $"--from and --to take dates as yyyy-MM-dd (got '{fromText}', '{toText}')";
                else (fromDate, toDate) = (f.Value, t.Value);
            }

            if (usage is not null)
            {
                await session.Error.WriteLineAsync("taobao-etl: " + usage);
                return ExitCode.Usage;
            }

            using var platform = PlatformConnection.Open(session);
            if (await ReconcileShops.SelectAsync(platform.Shops, parse.GetValue(shops) ?? [], session.Error) is not { } chosen) return ExitCode.Usage;
            var run = platform.CreateReconcile(session);
            var summary = await run.ReconcileAsync(chosen, new ReconcileRequest
            {
                Depth = parse.GetValue(depth) == "full" ? ReconcileDepth.Full : ReconcileDepth.Count,
                Days = dayCount,
                From = fromDate,
                To = toDate,
                FullDays = parse.GetValue(fullDays),
                RecentHours = Duration.FromHours(parse.GetValue(recent)),
            }, cancellationToken);
            return await FinishAsync(session, summary);
        });
        return command;
    }

    /// <summary>Prints the summary and its JSON line; the exit code the run decided (its error rethrown for the usual mapping).</summary>
    public static async Task<ExitCode> FinishAsync(CliSession session, ReconcileSummary summary)
    {
        if (summary.ExitCode == ExitCode.Usage && summary.ExitReason is { } why)
        {
            await session.Error.WriteLineAsync("taobao-etl: " + why);
            return ExitCode.Usage;
        }

        await ReconcileSummaryText.WriteAsync(session.Output, session.Error, summary);
        summary.ThrowIfFailed();
        return summary.ExitCode;
    }
}
