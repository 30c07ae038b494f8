using System.CommandLine;
using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Reconcile;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl resync</c>: re-lists a time range (by created or by modified) and fetches again every trade whose stored
/// copy is not provably current (with <c>--force</c>, every one), through the detail path. Idempotent: a second run over
/// an unchanged platform fetches nothing it does not have to and writes nothing.
/// </summary>
internal static class ResyncCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var from = new Option<string>("--from") { Description = "Start of the range (yyyy-MM-dd HH:mm:ss or yyyy-MM-dd, platform zone).", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range (excluded), same forms.", Required = true };
        var by = new Option<string>("--by") { Description = "created (trades created in the range) or modified (trades changed in it).", DefaultValueFactory = _ => "created" };
        by.AcceptOnlyFromAmong("created", "modified");
        var force = new Option<bool>("--force") { Description = "Fetch every listed trade again, whatever its stored copy." };
        var stream = SyncRunCommand.StreamOption();
        stream.DefaultValueFactory = _ => "trades";
        var shops = new Option<string[]>("--shop") { Description = "Shop ids (repeatable); default: every configured shop.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var command = new Command("resync", "Re-list a time range and fetch again every trade (--stream refunds|all: refund, by modified) whose stored copy is not provably current (--force: all of them).");
        foreach (var option in new Option[] { from, to, by, force, stream, shops }) command.Options.Add(option);
        CommandAction.Set(command, ConfigurationNeeds.Database | ConfigurationNeeds.Platform, output, error, async (session, parse, cancellationToken) =>
        {
            if (!TryInstant(parse.GetValue(from), out var start) || !TryInstant(parse.GetValue(to), out var end))
            {
                await session.Error.WriteLineAsync($"taobao-etl: --from and --to take 'yyyy-MM-dd HH:mm:ss' or 'yyyy-MM-dd' in the platform's zone (got '{parse.GetValue(from)}', '{parse.GetValue(to)}')");
                return ExitCode.Usage;
            }

            using var platform = PlatformConnection.Open(session);
            if (await ReconcileShops.SelectAsync(platform.Shops, parse.GetValue(shops) ?? [], session.Error) is not { } chosen) return ExitCode.Usage;
            var run = platform.CreateReconcile(session);
            var summary = await run.ResyncAsync(chosen,
                new ResyncRequest(start, end, parse.GetValue(by) == "modified" ? SliceListBy.Modified : SliceListBy.Created, parse.GetValue(force))
                {
                    // Refunds are listed by modified whatever --by says: they have no list by created.
                    Streams = [.. SyncRunCommand.Streams(parse, stream).Select(spec => spec.Stream)],
                }, cancellationToken);
            return await ReconcileCommand.FinishAsync(session, summary);
        });
        return command;
    }

    private static bool TryInstant(string? text, out Instant instant)
    {
        if (PlatformTime.TryParse(text, out instant)) return true;
        return text is not null && text.Length == 10 && PlatformTime.TryParse(text + " 00:00:00", out instant);
    }
}
