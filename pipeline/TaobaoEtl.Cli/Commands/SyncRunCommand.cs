using System.CommandLine;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Streams;

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
        Func<SyncRun, IReadOnlyList<SyncShop>, IReadOnlyList<StreamSpec>, CancellationToken, Task<RunSummary>> runShops)
    {
        var command = new Command(name, description);
        var streamOption = StreamOption();
        command.Options.Add(streamOption);
        CommandAction.Set(command, ConfigurationNeeds.Database | ConfigurationNeeds.Platform, output, error, async (session, parse, cancellationToken) =>
        {
            using var platform = PlatformConnection.Open(session);
            var run = platform.CreateRun(session);
            var streams = Streams(parse, streamOption);
            var summary = await RunProgressDisplay.RunAsync(session, run, name, () => runShops(run, platform.Shops, streams, cancellationToken));
            await RunSummaryText.WriteAsync(session.Output, summary, session.Error);
            summary.ThrowIfFailed();
            // Without an error, the code says what the run left: shops stopped alone (lock held, behind the horizon,
            // session refused) or trades owed and windows failed (65, RunOutcome).
            return summary.ExitCode;
        });
        return command;
    }

    /// <summary><c>--stream trades|refunds|all</c>, shared by the sync commands.</summary>
    public static Option<string> StreamOption()
    {
        var option = new Option<string>("--stream")
        {
            Description = "Which streams to sync: trades, refunds or all (each has its own watermark, ledger and lock).",
            DefaultValueFactory = _ => "all",
        };
        option.AcceptOnlyFromAmong("trades", "refunds", "all");
        return option;
    }

    public static IReadOnlyList<StreamSpec> Streams(ParseResult parse, Option<string> option) => parse.GetValue(option) switch
    {
        "trades" => [StreamSpec.Trades],
        "refunds" => [StreamSpec.Refunds],
        _ => StreamSpec.All,
    };
}
