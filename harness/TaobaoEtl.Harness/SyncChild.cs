using System.Diagnostics;
using System.Globalization;

namespace TaobaoEtl.Harness;

/// <summary>
/// One command of this CLI (<c>backfill</c>, <c>increment</c>…) as a child process, configured through its environment.
/// Faults fire on events of its own progress — the n-th log line holding a marker, by default <c>Sink committed</c> —
/// not on timers, so a kill lands between or inside real commits. The kill-and-resume tests and the bench use it too.
/// </summary>
public static class SyncChild
{
    public const string CommitMarker = "Sink committed";

    /// <summary>How many silence timeouts a child that keeps logging may live in all.</summary>
    public const int LifeLimitFactor = 6;

    /// <summary>Something the harness does when the child logs its <see cref="AtCommit"/>-th commit; true = the child was killed.</summary>
    public sealed record Trigger(int AtCommit, Func<Process, CancellationToken, Task<bool>> Fire);

    public static Task<SyncChildOutcome> RunAsync(SyncChildLaunch launch, IReadOnlyDictionary<string, string> environment, string command,
        IReadOnlyList<Trigger> triggers, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(launch, environment, [command], CommitMarker, triggers, timeout, cancellationToken);

    /// <summary>
    /// Runs <paramref name="args"/>; trigger n fires at the <c>AtCommit</c>-th log line that holds <paramref name="marker"/>.
    /// <paramref name="timeout"/> bounds the child's silence, not its life: a child that logs nothing for that long is hung
    /// and killed, while one slowed by a loaded machine (a peak storm of lost answers, CI beside it) keeps logging and is
    /// let finish, up to <paramref name="lifeLimit"/> in all (by default <see cref="LifeLimitFactor"/> times the timeout).
    /// </summary>
    /// <paramref name="watch"/> observes the child from its start to its exit (the bench's peak-RSS probe); it is awaited
    /// before the child is let go. An infinite <paramref name="timeout"/> (a child that logs only warnings) bounds nothing.
    public static async Task<SyncChildOutcome> RunAsync(SyncChildLaunch launch, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> args,
        string marker, IReadOnlyList<Trigger> triggers, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? lifeLimit = null,
        Func<Process, Task>? watch = null)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(triggers);
        var unbounded = timeout == Timeout.InfiniteTimeSpan;
        var life = lifeLimit ?? (unbounded ? Timeout.InfiniteTimeSpan : timeout * LifeLimitFactor);
        var command = string.Join(' ', args);
        using var process = Process.Start(launch.StartInfo(args, environment))
            ?? throw new InvalidOperationException("the sync child did not start");
        var watching = watch?.Invoke(process) ?? Task.CompletedTask;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        var silent = true;
        var tail = new Queue<string>();
        var fired = new List<int>();
        var killed = false;
        var commits = 0;
        var stdout = "";
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            while (await process.StandardError.ReadLineAsync(deadline.Token) is { } line)
            {
                if (life != Timeout.InfiniteTimeSpan && Stopwatch.GetElapsedTime(started) > life) { silent = false; await deadline.CancelAsync(); break; }
                deadline.CancelAfter(timeout);
                tail.Enqueue(line);
                if (tail.Count > 30) tail.Dequeue();
                if (killed || !line.Contains(marker, StringComparison.Ordinal)) continue;
                commits++;
                for (var i = 0; i < triggers.Count && !killed; i++)
                {
                    if (triggers[i].AtCommit != commits) continue;
                    fired.Add(i);
                    killed = await triggers[i].Fire(process, deadline.Token);
                }
            }

            deadline.Token.ThrowIfCancellationRequested();
            await process.WaitForExitAsync(deadline.Token);
            stdout = await output;
            await watching;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            var lastLines = string.Join('\n', tail);
            throw new TimeoutException(silent
                ? string.Create(CultureInfo.InvariantCulture, $"taobao-etl {command} logged nothing for {timeout.TotalSeconds:F0} s; last log lines:\n{lastLines}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"taobao-etl {command} did not end within {life.TotalSeconds:F0} s; last log lines:\n{lastLines}"));
        }
        catch (OperationCanceledException)
        {
            // The caller gave up: a child left running would hold the database and the gateway for nobody.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new SyncChildOutcome(command, killed ? null : process.ExitCode, commits, fired, [.. tail], stdout);
    }

    /// <summary>SIGKILL on Unix: no handler runs, no transaction is finished, exactly like a crash.</summary>
    public static Task<bool> KillAsync(Process process, CancellationToken cancellationToken)
    {
        process.Kill(entireProcessTree: true);
        return Task.FromResult(true);
    }
}
