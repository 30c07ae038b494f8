using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TaobaoEtl.Configuration;
using TaobaoEtl.Reconcile;
using TaobaoEtl.State;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl increment</c>: one incremental pass of every configured shop in normal mode; a shop in degraded mode (its
/// calls kept failing over 5%) gets, once an hour, a full reconcile of the hours since its watermark instead.
/// </summary>
internal static class IncrementCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("increment",
            "One incremental pass: the trades and refunds modified in [watermark - look-back, platform now), in slices of Sync:SliceLength, " +
            "listed back to front; each stream's watermark moves over its slices fully committed. Run it every few minutes. A shop whose calls " +
            "kept failing over 5% is in degraded mode: no increment, an hourly full reconcile of its recent hours instead, until the ratio recovers.");
        var streamOption = SyncRunCommand.StreamOption();
        command.Options.Add(streamOption);
        CommandAction.Set(command, ConfigurationNeeds.Database | ConfigurationNeeds.Platform, output, error, async (session, parse, cancellationToken) =>
        {
            using var platform = PlatformConnection.Open(session);
            var run = platform.CreateRun(session);
            var degraded = new DegradedIncrement(run, platform.CreateReconcile(session), session.DataSource, platform.Options.Sync, session.Clock,
                session.LoggerFactory.CreateLogger<DegradedIncrement>());
            var outcome = await degraded.RunAsync(platform.Shops, SyncRunCommand.Streams(parse, streamOption),
                work => RunProgressDisplay.RunAsync(session, run, "increment", work), cancellationToken);
            if (outcome.Increment is { } increment)
            {
                await RunSummaryText.WriteAsync(session.Output, increment, session.Error);
                increment.ThrowIfFailed();
            }

            foreach (var shop in outcome.Degraded)
            {
                var ratio = shop.Health.LastFailureRatio is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "-";
                var next = shop.NextCheckDue is { } due ? "next check at " + PlatformTime.Format(due) + " GMT+8" : "back to normal mode";
                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"degraded mode     shop {shop.ShopId}: {(shop.Check is null ? $"no increment (its calls kept failing over {platform.Options.Sync.DegradedFailureRatio:P0})" : "checked by a full reconcile of its recent hours")}, last failure ratio {ratio}; {next}"));
                if (shop.Check is { } check)
                {
                    await ReconcileSummaryText.WriteAsync(session.Output, session.Error, check);
                    check.ThrowIfFailed();
                }
            }

            return outcome.ExitCode;
        });
        return command;
    }
}
