using TaobaoEtl.Sink;

namespace TaobaoEtl.Flow;

/// <summary>Live counts of one run, written by the stages concurrently and read for progress and the summary.</summary>
public sealed class RunCounters
{
    private readonly Lock _sinkGate = new();
    private long _windowsPlanned;
    private long _windowsDone;
    private long _windowsFailed;
    private long _pages;
    private long _tidsListed;
    private long _detailCalls;
    private long _skippedKnown;
    private long _deadLetters;
    private long _quarantined;
    private long _batches;
    private SinkCounts _sink = SinkCounts.Zero;
    // Stopwatch-style ticks of TimeProvider timestamps per FlowStage; Interlocked adds, so the stages never contend on a lock.
    private readonly long[] _busyTicks = new long[Enum.GetValues<FlowStage>().Length];
    private long _busyFrequency = TimeProvider.System.TimestampFrequency;

    public long WindowsPlanned => Interlocked.Read(ref _windowsPlanned);
    public long WindowsDone => Interlocked.Read(ref _windowsDone);
    public long WindowsFailed => Interlocked.Read(ref _windowsFailed);
    public long Pages => Interlocked.Read(ref _pages);
    public long TidsListed => Interlocked.Read(ref _tidsListed);
    public long DetailCalls => Interlocked.Read(ref _detailCalls);
    public long SkippedKnown => Interlocked.Read(ref _skippedKnown);
    public long DeadLetters => Interlocked.Read(ref _deadLetters);
    public long Quarantined => Interlocked.Read(ref _quarantined);
    public long Batches => Interlocked.Read(ref _batches);

    public SinkCounts Sink
    {
        get { lock (_sinkGate) return _sink; }
    }

    internal void WindowsPlannedAdd(int n) => Interlocked.Add(ref _windowsPlanned, n);
    internal void WindowDone() => Interlocked.Increment(ref _windowsDone);
    internal void WindowFailed() => Interlocked.Increment(ref _windowsFailed);
    internal void Page(int tids)
    {
        Interlocked.Increment(ref _pages);
        Interlocked.Add(ref _tidsListed, tids);
    }

    /// <summary>Busy time per stage so far, in <see cref="FlowStage"/> order.</summary>
    public IReadOnlyList<StageBusyTime> StageBusy =>
    [
        .. Enum.GetValues<FlowStage>().Select(stage => new StageBusyTime(stage,
            TimeSpan.FromSeconds((double)Interlocked.Read(ref _busyTicks[(int)stage]) / Interlocked.Read(ref _busyFrequency)))),
    ];

    /// <summary>The frequency of the timestamps <see cref="Busy"/> is given (the pipeline's TimeProvider).</summary>
    internal void UseTimestampFrequency(long frequency) => Interlocked.Exchange(ref _busyFrequency, frequency);

    internal void Busy(FlowStage stage, long elapsedTimestampTicks) => Interlocked.Add(ref _busyTicks[(int)stage], elapsedTimestampTicks);

    internal void DetailCall() => Interlocked.Increment(ref _detailCalls);
    internal void Skipped(int n) => Interlocked.Add(ref _skippedKnown, n);
    internal void DeadLetter() => Interlocked.Increment(ref _deadLetters);
    internal void Quarantine() => Interlocked.Increment(ref _quarantined);

    internal void Committed(SinkCounts counts)
    {
        Interlocked.Increment(ref _batches);
        lock (_sinkGate) _sink += counts;
    }
}
