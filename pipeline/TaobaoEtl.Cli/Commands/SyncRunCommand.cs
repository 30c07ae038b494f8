using System.CommandLine;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// What <c>backfill</c> and <c>increment</c> are alike in: one <see cref="SyncRun"/> over every configured shop, its
/// progress and summary, and the exit code it left. They differ only in the run's kind, so the wiring lives here once
/// and a change to how a run is reported reaches both.
/// </summary>
internal static class SyncRunCommand
{
    public static Command Create(
        string name, string description, TextWriter output, TextWriter error,
        Func<SyncRun, IReadOnlyList<SyncShop>, CancellationToken, Task<RunSummary>> runShops)
    {
        var command = new Command(name, description);
        CommandAction.Set(command, ConfigurationNeeds.Database | ConfigurationNeeds.Platform, output, error, async (session, _, cancellationToken) =>
        {
            using var platform = PlatformConnection.Open(session);
            var run = platform.CreateRun(session);
            var summary = await RunProgressDisplay.RunAsync(session, run, name, () => runShops(run, platform.Shops, cancellationToken));
            await RunSummaryText.WriteAsync(session.Output, summary, session.Error);
            summary.ThrowIfFailed();
            // Without an error, the code says what the run left: shops stopped alone (lock held, behind the horizon,
            // session refused) or trades owed and windows failed (65, RunOutcome).
            return summary.ExitCode;
        });
        return command;
    }
}
