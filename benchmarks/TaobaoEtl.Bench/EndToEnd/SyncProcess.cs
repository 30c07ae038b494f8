using System.Diagnostics;
using TaobaoEtl.Bench.Memory;

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
        var command = string.Join(' ', arguments);
        var start = StartInfo();
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var started = time.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"taobao-etl {command} did not start");
        var probe = PeakRssProbe.Start(process, ProbeInterval, time, CancellationToken.None);
        try
        {
            // Both pipes drained at once: a child blocked on a full stderr pipe would never exit.
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            return new SyncOutcome(process.ExitCode, await stdout, await stderr, elapsed, await probe.Watching);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>
    /// The same CLI as this process: through <c>dotnet taobao-etl.dll</c> when this process runs under the dotnet
    /// host (./run.sh, the tests), else this process's own executable (a published apphost).
    /// </summary>
    private static ProcessStartInfo StartInfo()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "taobao-etl.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException("The taobao-etl CLI is not beside this bench.", dll);
            start.ArgumentList.Add(dll);
        }

        return start;
    }
}

/// <summary>How one child sync ended: exit code, its stdout (the run summary), stderr (logs), wall time from start to exit, and peak RSS in bytes.</summary>
public sealed record SyncOutcome(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, long? PeakRssBytes)
{
    public void ThrowIfFailed(string command)
    {
        if (ExitCode == 0) return;
        var tail = string.Join('\n', Stderr.Split('\n').TakeLast(15));
        throw new InvalidOperationException($"taobao-etl {command} exited {ExitCode}:\n{Stdout}\n{tail}");
    }
}
