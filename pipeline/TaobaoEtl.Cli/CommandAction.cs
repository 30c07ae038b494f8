using System.CommandLine;
using Microsoft.Extensions.Logging;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Top;

namespace TaobaoEtl.Cli;

/// <summary>
/// Runs a command body inside a <see cref="CliSession"/> and turns the ways it can end into the exit codes
/// of <see cref="ExitCode"/>. Error lines name what failed, never a secret.
/// </summary>
internal static class CommandAction
{
    public delegate Task<ExitCode> Body(CliSession session, ParseResult parse, CancellationToken cancellationToken);

    public static void Set(Command command, ConfigurationNeeds needs, TextWriter output, TextWriter error, Body body,
        Func<ParseResult, IReadOnlyDictionary<string, string?>>? overrides = null)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliSession session;
            try
            {
                session = CliSession.Open(parse, needs, output, error, overrides?.Invoke(parse));
            }
            catch (InvalidConfigurationException ex)
            {
                await error.WriteLineAsync($"taobao-etl: invalid configuration: {string.Join("; ", ex.Errors)}");
                return (int)ExitCode.Config;
            }

            await using (session)
            {
                try
                {
                    return (int)await body(session, parse, cancellationToken);
                }
                catch (InvalidConfigurationException ex)
                {
                    await error.WriteLineAsync($"taobao-etl: invalid configuration: {string.Join("; ", ex.Errors)}");
                    return (int)ExitCode.Config;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await error.WriteLineAsync("taobao-etl: cancelled; committed work is kept and the next run resumes.");
                    return (int)ExitCode.TemporaryFailure;
                }
                catch (TopException ex)
                {
                    // An operating condition of the platform (quota, ban, session, outage): its message is the
                    // secret-free explanation the operator acts on, and its kind decides the exit code.
                    await error.WriteLineAsync($"taobao-etl: {ex.Message}");
                    return (int)ex.ToExitCode();
                }
                catch (NpgsqlException ex) when (DatabaseFailure.IsAuthentication(ex))
                {
                    // Retrying cannot help: the settings must change. The server's text names the user, never the password.
                    await error.WriteLineAsync(
                        $"taobao-etl: invalid configuration: Database:ConnectionString: the database {session.DatabaseDisplayName} refused the credentials " +
                        $"(SQLSTATE {((PostgresException)ex).SqlState}); check the user name and the password or passfile");
                    return (int)ExitCode.Config;
                }
                catch (NpgsqlException ex) when (DatabaseFailure.IsUnreachable(ex))
                {
                    await error.WriteLineAsync($"taobao-etl: the database {session.DatabaseDisplayName} cannot be reached: {ex.Message}");
                    return (int)ExitCode.Unavailable;
                }
                catch (Exception ex)
                {
                    // A bug, not an operating condition: keep the stack trace in the log for the report.
                    CliLog.UnexpectedFailure(session.LoggerFactory.CreateLogger("taobao-etl"), ex, command.Name);
                    await error.WriteLineAsync($"taobao-etl: internal error: {ex.GetType().Name}: {ex.Message}");
                    return (int)ExitCode.Software;
                }
            }
        });
    }
}
