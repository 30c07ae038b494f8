using System.Diagnostics;
using System.Globalization;
using TaobaoEtl.Harness;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

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

    /// <summary>A child of the test's database against the harness's TopSim, with the integration tests' short retries.</summary>
    public static Dictionary<string, string> Environment(string connectionString, TopSimHost sim, IReadOnlyDictionary<string, string>? sync = null) =>
        SyncChildEnvironment.For(connectionString, sim)
            .Top("CallsPerSecond", 3000)
            .Top("RetryBaseDelay", TimeSpan.FromMilliseconds(5))
            .Top("RetryMaxDelay", TimeSpan.FromMilliseconds(100))
            .Top("MaxAttempts", 10)
            .LogLevel("Information")
            .Sync(sync ?? new Dictionary<string, string>())
            .Build();
}

/// <summary>How a child run ended: its exit code (null = killed), its stdout and its log lines.</summary>
internal sealed record CliOutcome(int? ExitCode, string Output, IReadOnlyList<string> Log)
{
    public bool Killed => ExitCode is null;

    public override string ToString() => $"exit {ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "killed"}\n{Output}\n{string.Join('\n', Log.TakeLast(20))}";
}
