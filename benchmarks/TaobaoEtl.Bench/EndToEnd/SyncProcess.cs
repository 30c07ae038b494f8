using TaobaoEtl.Bench.Memory;
using TaobaoEtl.Harness;

namespace TaobaoEtl.Bench.EndToEnd;

/// <summary>
/// The real <c>taobao-etl</c> (the CLI this bench runs in) started as a child process for one sync command,
/// configured only through <c>TAOBAOETL__…</c> variables, as a scheduler runs it: its memory is its own, so its
/// peak RSS is the sync process's figure, watched by <see cref="PeakRssProbe"/>.
/// </summary>
public static class SyncProcess
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    public static Task<SyncOutcome> RunAsync(string command, IReadOnlyDictionary<string, string> environment, TimeProvider time,
        CancellationToken cancellationToken) =>
        RunAsync([command], environment, time, cancellationToken);

    /// <summary>Runs the CLI with <paramref name="arguments"/>: a command and its options (a test-only switch rides here).</summary>
    public static async Task<SyncOutcome> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(time);
        long? peakRss = null;
        var started = time.GetTimestamp();
        // No silence bound: at warning level a healthy sync may log nothing for its whole run.
        var outcome = await SyncChild.RunAsync(SyncChildLaunch.ThisCli(), environment, arguments, SyncChild.CommitMarker, [], Timeout.InfiniteTimeSpan,
            cancellationToken, watch: async process => peakRss = await PeakRssProbe.Start(process, ProbeInterval, time, CancellationToken.None).Watching);
        var elapsed = time.GetElapsedTime(started);
        return new SyncOutcome(outcome.ExitCode ?? throw new InvalidOperationException($"taobao-etl {outcome.Command} was killed"),
            outcome.Output, outcome.Tail, elapsed, peakRss);
    }
}

/// <summary>How one child sync ended: exit code, its stdout (the run summary), its last log lines, wall time from start to exit, and peak RSS in bytes.</summary>
public sealed record SyncOutcome(int ExitCode, string Stdout, IReadOnlyList<string> LogTail, TimeSpan Elapsed, long? PeakRssBytes)
{
    public void ThrowIfFailed(string command)
    {
        if (ExitCode == 0) return;
        var tail = string.Join('\n', LogTail.TakeLast(15));
        throw new InvalidOperationException($"taobao-etl {command} exited {ExitCode}:\n{Stdout}\n{tail}");
    }
}
