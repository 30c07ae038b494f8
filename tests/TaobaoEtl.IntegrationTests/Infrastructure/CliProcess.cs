using System.Diagnostics;
using System.Globalization;
using TaobaoEtl.Cli.Chaos;

namespace TaobaoEtl.IntegrationTests.Infrastructure;

/// <summary>
/// The built <c>taobao-etl</c> as a child process, configured only through <c>TAOBAOETL__…</c> environment
/// variables. <see cref="RunAsync"/> can SIGKILL it at the n-th log line that matches a marker, an event of its
/// own progress rather than a timer, so the kill lands between two real commits. It runs on <see cref="SyncChild"/>,
/// the runner the chaos harness uses. The child's memory and threads are not this test host's, so a heavy command
/// (the bench) leaves nothing behind to disturb the timing tests that follow.
/// </summary>
internal static class CliProcess
{
    /// <summary>
    /// Runs the command as an operator does: in this process's environment (the test database's connection string), its
    /// stdout the real one (so "the last line" means what a script reads); <paramref name="silence"/> bounds its quiet.
    /// </summary>
    public static async Task<CliOutcome> RunAsync(TimeSpan silence, params string[] args)
    {
        var outcome = await SyncChild.RunAsync(SyncChildLaunch.ThisCli(), new Dictionary<string, string>(), args, SyncChild.CommitMarker, [], silence,
            CancellationToken.None);
        return new CliOutcome(outcome.ExitCode, outcome.Output, outcome.Tail);
    }

    /// <summary>Runs the command; returns its exit code, or null when it was killed (the chaos harness's child runner).</summary>
    public static async Task<CliOutcome> RunAsync(IReadOnlyDictionary<string, string> environment, string[] args, string? killMarker, int killAtMatch,
        TimeSpan timeout)
    {
        SyncChild.Trigger[] triggers = killMarker is null ? [] : [new SyncChild.Trigger(killAtMatch, SyncChild.KillAsync)];
        var outcome = await SyncChild.RunAsync(SyncChildLaunch.ThisCli(), environment, args, killMarker ?? SyncChild.CommitMarker, triggers, timeout,
            CancellationToken.None);
        return new CliOutcome(outcome.ExitCode, outcome.Output, outcome.Tail);
    }

    /// <summary>
    /// Runs the command and sends it SIGTERM at the <paramref name="atMatch"/>-th log line holding <paramref name="marker"/>; the
    /// child is not killed, so its exit code says how it took the signal.
    /// </summary>
    public static async Task<CliOutcome> RunAndTerminateAsync(IReadOnlyDictionary<string, string> environment, string[] args, string marker, int atMatch,
        TimeSpan timeout)
    {
        SyncChild.Trigger[] triggers = [new SyncChild.Trigger(atMatch, TerminateAsync)];
        var outcome = await SyncChild.RunAsync(SyncChildLaunch.ThisCli(), environment, args, marker, triggers, timeout, CancellationToken.None);
        return new CliOutcome(outcome.ExitCode, outcome.Output, outcome.Tail);
    }

    /// <summary>SIGTERM, what a scheduler, systemd or <c>kill</c> sends; .NET has no managed call for it, so <c>kill(1)</c> sends it.</summary>
    private static async Task<bool> TerminateAsync(Process process, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {process.Id} exited {kill.ExitCode}");
        return false;
    }

    public static Dictionary<string, string> Environment(string connectionString, Uri gateway, string appKey, string appSecret,
        IEnumerable<(string ShopId, string Nick, string Session)> shops, IReadOnlyDictionary<string, string>? sync = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TAOBAOETL__Database__ConnectionString"] = connectionString,
            ["TAOBAOETL__Top__GatewayUrl"] = gateway.AbsoluteUri,
            ["TAOBAOETL__Top__AppKey"] = appKey,
            ["TAOBAOETL__Top__AppSecret"] = appSecret,
            ["TAOBAOETL__Top__CallsPerSecond"] = "3000",
            ["TAOBAOETL__Top__RetryBaseDelay"] = "00:00:00.005",
            ["TAOBAOETL__Top__RetryMaxDelay"] = "00:00:00.100",
            ["TAOBAOETL__Top__MaxAttempts"] = "10",
            ["TAOBAOETL__Logging__Level"] = "Information",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        var i = 0;
        foreach (var (shopId, nick, session) in shops)
        {
            var prefix = "TAOBAOETL__Shops__" + i.ToString(CultureInfo.InvariantCulture) + "__";
            env[prefix + "ShopId"] = shopId;
            env[prefix + "SellerNick"] = nick;
            env[prefix + "Session"] = session;
            i++;
        }

        foreach (var (key, value) in sync ?? new Dictionary<string, string>())
            env["TAOBAOETL__Sync__" + key] = value;
        return env;
    }
}

/// <summary>How a child run ended: its exit code (null = killed), its stdout and its log lines.</summary>
internal sealed record CliOutcome(int? ExitCode, string Output, IReadOnlyList<string> Log)
{
    public bool Killed => ExitCode is null;

    public override string ToString() => $"exit {ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "killed"}\n{Output}\n{string.Join('\n', Log.TakeLast(20))}";
}
