using System.CommandLine;
using TaobaoEtl.Cli.Commands;

namespace TaobaoEtl.Cli;

/// <summary>
/// The <c>taobao-etl</c> command tree: parse, map parse errors to exit 64, run. Everything the program writes goes
/// through a <see cref="RedactingTextWriter"/> that masks the configured secrets.
/// </summary>
internal static class CommandLine
{
    /// <param name="cancellationToken">Cancelled by <see cref="ShutdownSignal"/> in the real process; the command drains and exits 75.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var safeOutput = new RedactingTextWriter(output);
        var safeError = new RedactingTextWriter(error);
        try
        {
            var root = new RootCommand("TaobaoEtl: copies a Taobao/Tmall seller's orders and refunds into PostgreSQL staging tables.");
            foreach (var option in GlobalOptions.All) root.Options.Add(option);
            foreach (var command in CommandCatalog.Create(safeOutput, safeError)) root.Subcommands.Add(command);

            var parsed = root.Parse(args);
            var redactor = EtlConfiguration.Redactor(parsed);
            safeOutput.Use(redactor);
            safeError.Use(redactor);
            if (parsed.Errors.Count > 0)
            {
                // The parser quotes what it did not understand; a secret pasted as an argument is masked like any other text.
                foreach (var parseError in parsed.Errors)
                    await safeError.WriteLineAsync($"taobao-etl: {parseError.Message}");
                await safeError.WriteLineAsync("Run 'taobao-etl --help' for usage.");
                return (int)ExitCode.Usage;
            }

            // ProcessTerminationTimeout = null: System.CommandLine's own handler would end the process 2 s after a
            // SIGTERM with 143, before the run has closed its etl.run row; ShutdownSignal cancels the token instead.
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = safeOutput, Error = safeError, ProcessTerminationTimeout = null }, cancellationToken);
        }
        finally
        {
            await safeOutput.FlushAsync(CancellationToken.None);
            await safeError.FlushAsync(CancellationToken.None);
        }
    }
}
