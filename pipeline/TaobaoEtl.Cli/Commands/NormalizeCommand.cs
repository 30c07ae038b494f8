using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Normalize;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl normalize FILE…</c>: the ERP rows a saved response maps to, as JSON on stdout, with no
/// database and no configuration, for debugging and replay. Every file is tried; the rows of the good ones
/// are printed even when others fail, and each failure is named on stderr.
/// </summary>
internal static class NormalizeCommand
{

    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("file")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Saved trade_fullinfo_get_response envelopes, bare {\"trade\":{…}} objects or 聚石塔 jdp_response values.",
        };
        var shop = new Option<string>("--shop")
        {
            Description = "The shop id written into the rows.",
            DefaultValueFactory = _ => "local",
        };
        var fetchedAt = new Option<string?>("--fetched-at")
        {
            Description = "When the platform answered, 'yyyy-MM-dd HH:mm:ss' Asia/Shanghai (default: now).",
        };
        var command = new Command("normalize", "Print as JSON the ERP rows (order + lines) that saved trade responses map to; no database needed.");
        command.Arguments.Add(files);
        command.Options.Add(shop);
        command.Options.Add(fetchedAt);

        CommandAction.Set(command, ConfigurationNeeds.None, output, error, async (session, parse, cancellationToken) =>
        {
            var shopId = parse.GetValue(shop);
            if (string.IsNullOrWhiteSpace(shopId))
            {
                await session.Error.WriteLineAsync("taobao-etl normalize: --shop must not be empty.");
                return ExitCode.Usage;
            }

            Instant answered;
            var fetchedAtText = parse.GetValue(fetchedAt);
            if (fetchedAtText is null)
            {
                answered = session.Clock.GetCurrentInstant();
            }
            else
            {
                if (!PlatformTime.TryParse(fetchedAtText, out answered))
                {
                    await session.Error.WriteLineAsync($"taobao-etl normalize: --fetched-at must be {PlatformTime.Form}");
                    return ExitCode.Usage;
                }
            }

            var outcome = ExitCode.Ok;
            using var buffer = new MemoryStream();
            await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartArray();
                foreach (var path in parse.GetValue(files) ?? [])
                {
                    if (!File.Exists(path))
                    {
                        await session.Error.WriteLineAsync($"taobao-etl normalize: {path}: no such file.");
                        outcome = ExitCode.Usage;
                        continue;
                    }

                    var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                    if (!TradeEnvelope.TryExtract(bytes, out var trade, out var envelopeError))
                    {
                        await session.Error.WriteLineAsync($"taobao-etl normalize: {path}: {envelopeError}");
                        outcome = Worse(outcome, ExitCode.DataError);
                        continue;
                    }

                    var result = TradeNormalizer.Normalize(trade.Span, shopId, answered);
                    if (!result.IsAccepted)
                    {
                        var tid = result.Rejection.Tid is { } id ? $" (tid {id})" : "";
                        await session.Error.WriteLineAsync($"taobao-etl normalize: {path}{tid}: rejected: {result.Rejection.Reason}");
                        outcome = Worse(outcome, ExitCode.DataError);
                        continue;
                    }

                    NormalizedTradeJson.Write(writer, result.AcceptedValue, path);
                }

                writer.WriteEndArray();
            }

            await session.Output.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            return outcome;
        });
        return command;
    }

    // A missing file is a usage error and outranks data that cannot be mapped.
    private static ExitCode Worse(ExitCode current, ExitCode next) => current == ExitCode.Usage ? current : next;
}
