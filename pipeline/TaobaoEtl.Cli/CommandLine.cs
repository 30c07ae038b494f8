using System.CommandLine;
using TaobaoEtl.Cli.Commands;

namespace TaobaoEtl.Cli;

/// <summary>The <c>taobao-etl</c> command tree: parse, map parse errors to exit 64, run.</summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("TaobaoEtl: copies a Taobao/Tmall seller's orders and refunds into PostgreSQL staging tables.");
        foreach (var option in GlobalOptions.All) root.Options.Add(option);
        foreach (var command in CommandCatalog.Create(output, error)) root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
                await error.WriteLineAsync($"taobao-etl: {parseError.Message}");
            await error.WriteLineAsync("Run 'taobao-etl --help' for usage.");
            return (int)ExitCode.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
