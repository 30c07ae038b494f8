using System.CommandLine;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Cli.Commands;

/// <summary><c>taobao-etl backfill</c>: the 3-month backfill of every configured shop, resumable by day.</summary>
internal static class BackfillCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("backfill",
            "Backfill the trades created before today 00:00 platform time back to the platform's horizon (today minus 3 calendar months), " +
            "at most Sync:BackfillDays days (default 92: the whole horizon), " +
            "one window per day; days already done are skipped, so a stopped run resumes. Sets the increment's watermark to today 00:00.");
        CommandAction.Set(command, ConfigurationNeeds.Database | ConfigurationNeeds.Platform, output, error, async (session, _, cancellationToken) =>
        {
            using var platform = PlatformConnection.Open(session);
            var run = platform.CreateRun(session);
            var summary = await RunProgressDisplay.RunAsync(session, run, "backfill", () => run.BackfillAsync(platform.Shops, cancellationToken));
            await RunSummaryText.WriteAsync(session.Output, summary, session.Error);
            summary.ThrowIfFailed();
            // Without an error, the code says what the run left: shops stopped alone (lock held, behind the horizon,
            // session refused) or trades owed and windows failed (65, RunOutcome).
            return summary.ExitCode;
        });
        return command;
    }
}
