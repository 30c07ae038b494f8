using System.CommandLine;
using Microsoft.Extensions.Logging;
using TaobaoEtl.Configuration;
using TaobaoEtl.State;

namespace TaobaoEtl.Cli.Commands;

internal static class MigrateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("migrate", "Apply the numbered migrations of sql/ (each once, in order, under an advisory lock).");
        CommandAction.Set(command, ConfigurationNeeds.Database, output, error, async (session, _, cancellationToken) =>
        {
            var migrator = new SchemaMigrator(session.DataSource, session.LoggerFactory.CreateLogger<SchemaMigrator>());
            var outcome = await migrator.MigrateAsync(Migration.Embedded(), cancellationToken);
            await session.Output.WriteLineAsync(outcome.Applied.Count == 0
                ? $"Schema is up to date ({outcome.AlreadyApplied} migrations) on {session.DatabaseDisplayName}."
                : $"Applied {outcome.Applied.Count} migration(s) on {session.DatabaseDisplayName}: {string.Join(", ", outcome.Applied)}.");
            return ExitCode.Ok;
        });
        return command;
    }
}
