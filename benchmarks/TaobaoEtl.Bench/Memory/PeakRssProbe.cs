using System.Diagnostics;

namespace TaobaoEtl.Bench.Memory;

/// <summary>
/// Watches a child process (the sync process of an end-to-end run, psql here) and keeps the highest peak RSS
/// read while it runs. The kernel's high-water mark only grows, so a reading just before exit is the peak;
/// the poll interval bounds what a last-moment growth could add.
/// </summary>
public sealed class PeakRssProbe
{
    private readonly Process _process;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private long _peak;

    private PeakRssProbe(Process process, TimeSpan interval, TimeProvider time)
    {
        _process = process;
        _interval = interval;
        _time = time;
    }

    /// <summary>Starts watching; await <see cref="Watching"/> to get the peak once the process has exited.</summary>
    public static PeakRssProbe Start(Process process, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var probe = new PeakRssProbe(process, interval, time);
        probe.Watching = probe.WatchAsync(cancellationToken);
        return probe;
    }

    /// <summary>Completes with the peak RSS in bytes (null when no reading was possible) after the process exits.</summary>
    public Task<long?> Watching { get; private set; } = Task.FromResult<long?>(null);

    private async Task<long?> WatchAsync(CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        using var timer = _time.CreateTimer(_ => Sample(), null, TimeSpan.Zero, _interval);
        await exited;
        var peak = Interlocked.Read(ref _peak);
        return peak > 0 ? peak : null;
    }

    /// <summary>
    /// Reads now, besides the timer: a caller that knows the process is at a high point (it said so on its
    /// output) takes the reading there instead of hoping a tick falls before the exit. Returns the peak so far.
    /// </summary>
    public long? SampleNow()
    {
        Sample();
        var peak = Interlocked.Read(ref _peak);
        return peak > 0 ? peak : null;
    }

    private void Sample()
    {
        if (PeakRss.Of(_process.Id) is not { } reading) return;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _peak);
            if (reading <= seen) return;
        } while (Interlocked.CompareExchange(ref _peak, reading, seen) != seen);
    }
}
