using System.CommandLine;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Cli.Commands;

/// <summary><c>taobao-etl increment</c>: one incremental pass of every configured shop.</summary>
internal static class IncrementCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("increment",
            "One incremental pass: the trades modified in [watermark - look-back, platform now), in slices of Sync:SliceLength, " +
            "listed back to front; the watermark moves over the slices fully committed. Run it every few minutes.");
        CommandAction.Set(command, ConfigurationNeeds.Database | ConfigurationNeeds.Platform, output, error, async (session, _, cancellationToken) =>
        {
            using var platform = PlatformConnection.Open(session);
            var run = platform.CreateRun(session);
            var summary = await RunProgressDisplay.RunAsync(session, run, "increment", () => run.IncrementAsync(platform.Shops, cancellationToken));
            await RunSummaryText.WriteAsync(session.Output, summary, session.Error);
            summary.ThrowIfFailed();
            // Without an error, the code says what the run left: shops stopped alone (lock held, behind the horizon,
            // session refused) or trades owed and windows failed (65, RunOutcome).
            return summary.ExitCode;
        });
        return command;
    }
}
