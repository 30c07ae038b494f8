using System.CommandLine;

namespace TaobaoEtl.Cli.Commands;

/// <summary>Every subcommand of <c>taobao-etl</c>; one file each.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(TextWriter output, TextWriter error) =>
    [
        MigrateCommand.Create(output, error),
        StatusCommand.Create(output, error),
        SimCommand.Create(output, error),
        NormalizeCommand.Create(output, error),
        BackfillCommand.Create(output, error),
        IncrementCommand.Create(output, error),
        RefetchCommand.Create(output, error),
        ReconcileCommand.Create(output, error),
        ResyncCommand.Create(output, error),
        DemoCommand.Create(output, error),
        VerifyCommand.Create(output, error),
        BenchCommand.Create(output, error),
        ChaosCommand.Create(output, error),
    ];
}
