using System.CommandLine;
using Microsoft.Extensions.Logging;
using TaobaoEtl.Configuration;
using TaobaoEtl.Verify;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl verify --sim URL [--shop ID]…</c>: compares staging with TopSim's ground truth. The last line
/// of stdout is the report's one JSON object (scripts read it); the first 20 offenders go to stderr. Exit 0
/// only when nothing is missing, stale, extra or mismatched; 65 (data error) otherwise, and when etl.shop is
/// empty; 69 when the simulator cannot be reached; 64 for a bad URL or a shop that is not in etl.shop.
/// </summary>
internal static class VerifyCommand
{
    private const int OffendersShown = 20;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var sim = new Option<string>("--sim") { Description = "TopSim's base URL, e.g. http://127.0.0.1:5080 (its /sim/truth is the ground truth).", Required = true };
        var shops = new Option<string[]>("--shop")
        {
            Description = "An etl.shop id to verify (repeatable; default: every shop).",
            DefaultValueFactory = _ => [],
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("verify", "Compare the staging tables with TopSim's ground truth; exit 0 only when no order is missing, stale, extra or different.");
        command.Options.Add(sim);
        command.Options.Add(shops);

        CommandAction.Set(command, ConfigurationNeeds.Database, output, error, async (session, parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(sim), UriKind.Absolute, out var simUri) || simUri.Scheme is not ("http" or "https"))
            {
                await session.Error.WriteLineAsync("taobao-etl verify: --sim must be an absolute http(s) URL, e.g. http://127.0.0.1:5080");
                return ExitCode.Usage;
            }

            var scope = new VerifyScope { ShopIds = parse.GetValue(shops) ?? [], Sync = session.Options.Sync };
            // The truth of a large world streams for a while: the token, not a timeout, ends it.
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var verifier = new TruthVerifier(session.DataSource, http, session.LoggerFactory.CreateLogger<TruthVerifier>());
            VerifyReport report;
            try
            {
                report = await verifier.VerifyAsync(simUri, scope, cancellationToken);
            }
            catch (ArgumentException ex)
            {
                await session.Error.WriteLineAsync($"taobao-etl verify: {ex.Message}");
                return ExitCode.Usage;
            }
            catch (VerifyScopeException ex)
            {
                await session.Error.WriteLineAsync($"taobao-etl verify: {ex.Message}");
                return ExitCode.DataError;
            }
            catch (HttpRequestException ex)
            {
                await session.Error.WriteLineAsync($"taobao-etl verify: the simulator at {simUri.GetLeftPart(UriPartial.Authority)} cannot be read: {ex.Message}");
                return ExitCode.Unavailable;
            }

            var shown = report.Offenders.Take(OffendersShown).ToList();
            if (shown.Count > 0)
            {
                await session.Error.WriteLineAsync($"taobao-etl verify: first {shown.Count} offending trades:");
                foreach (var offender in shown) await session.Error.WriteLineAsync("  " + offender);
            }

            await session.Output.WriteLineAsync(report.ToJson());
            return report.IsClean ? ExitCode.Ok : ExitCode.DataError;
        });
        return command;
    }
}
