using System.Threading.RateLimiting;

namespace TaobaoEtl.Top;

/// <summary>
/// A token bucket <see cref="ReplenishingRateLimiter"/> refilled by a <see cref="TimeProvider"/> timer. The framework's
/// <see cref="TokenBucketRateLimiter"/> measures elapsed time with <c>Stopwatch</c> even when replenished by hand, so
/// a fake clock cannot drive it; this one adds exactly <c>tokensPerPeriod</c> per tick of the given clock, which
/// makes the bound provable in tests. Waiters are served first come, first served.
/// </summary>
internal sealed class TimeProviderTokenBucket : ReplenishingRateLimiter
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly int _tokenLimit;
    private readonly int _tokensPerPeriod;
    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private int _tokens;
    private long _successful;
    private long _failed;
    private long? _idleSince;
    private bool _disposed;
    private readonly long _started;
    private long _periodsCredited;

    public TimeProviderTokenBucket(int tokenLimit, int tokensPerPeriod, TimeSpan period, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerPeriod, 1);
        _tokenLimit = tokenLimit;
        _tokensPerPeriod = tokensPerPeriod;
        _period = period;
        _time = timeProvider;
        _tokens = tokenLimit;
        _started = timeProvider.GetTimestamp();
        _idleSince = _started;
        _timer = timeProvider.CreateTimer(static state => ((TimeProviderTokenBucket)state!).Replenish(), this, period, period);
    }

    /// <summary>Tokens dropped because the bucket was full (nobody was waiting): rate nobody used.</summary>
    internal long TokensOverflowed { get; private set; }

    public override TimeSpan ReplenishmentPeriod => _period;
    public override bool IsAutoReplenishing => true;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock) return _idleSince is { } since ? _time.GetElapsedTime(since) : null;
        }
    }

    public override bool TryReplenish() => false;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _tokens,
                CurrentQueuedCount = _queue.Count,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryTake(permitCount)) return Lease.Acquired;
            _failed++;
            return Lease.Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _tokenLimit);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        Waiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryTake(permitCount)) return new ValueTask<RateLimitLease>(Lease.Acquired);
            waiter = new Waiter(permitCount);
            waiter.Node = _queue.AddLast(waiter);
            _idleSince = null;
        }
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static (state, token) =>
            {
                var (bucket, w) = ((TimeProviderTokenBucket, Waiter))state!;
                bucket.Cancel(w, token);
            }, (this, waiter));
        }
        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    // Only when nobody queues: a newcomer must not overtake a waiter.
    private bool TryTake(int permitCount)
    {
        if (_queue.Count > 0 || _tokens < permitCount) return false;
        _tokens -= permitCount;
        _successful++;
        return true;
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null) return;
            _queue.Remove(waiter.Node);
        }
        waiter.Completion.TrySetCanceled(token);
    }

    private void Replenish()
    {
        List<Waiter>? served = null;
        lock (_lock)
        {
            if (_disposed) return;
            // A periodic timer drifts and, on a loaded machine, fires late: credit the periods that really elapsed,
            // and let them serve the callers who waited through them, up to one refill beyond the bucket's size.
            // Capping at the size alone throws away the rate of every late tick; not capping at all releases a
            // stall's worth of calls at once, which a gateway counting per second sees as a burst.
            var periods = (long)(_time.GetElapsedTime(_started).Ticks / (double)_period.Ticks);
            var owed = periods - _periodsCredited;
            if (owed <= 0) return;
            _periodsCredited = periods;
            var credit = _tokens + owed * _tokensPerPeriod;
            var available = Math.Min(credit, _tokenLimit + _tokensPerPeriod);
            TokensOverflowed += credit - available;
            while (_queue.First is { } head && head.Value.PermitCount <= available)
            {
                _queue.RemoveFirst();
                available -= head.Value.PermitCount;
                _successful++;
                (served ??= []).Add(head.Value);
            }
            if (available > _tokenLimit) TokensOverflowed += available - _tokenLimit;
            _tokens = (int)Math.Min(_tokenLimit, available);
            if (_queue.Count == 0 && _tokens == _tokenLimit) _idleSince ??= _time.GetTimestamp();
        }
        if (served is null) return;
        foreach (var waiter in served)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(Lease.Acquired);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        List<Waiter> pending;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            pending = [.. _queue];
            _queue.Clear();
        }
        _timer.Dispose();
        foreach (var waiter in pending)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(TimeProviderTokenBucket)));
        }
    }

    private sealed class Waiter(int permitCount)
    {
        public int PermitCount { get; } = permitCount;
        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired { get; } = acquired;
        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
