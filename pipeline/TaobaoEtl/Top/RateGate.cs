using NodaTime;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Top;

/// <summary>
/// The one door every call to the platform passes, shared by all callers of an app key:
/// <list type="bullet">
/// <item>a token bucket at the allowed calls per second, which spreads the calls over the second;</item>
/// <item>a sliding window that keeps any (1 s + margin) span to at most CallsPerSecond sends: the platform counts
/// per second, and a bucket alone lets one refill too many into an unlucky second, which is enough for a ban;</item>
/// <item>a ban gate that a code 7 closes for every caller until the ban ends (plus jitter), so nothing is sent
/// while the platform refuses us: hammering during a ban only prolongs it.</item>
/// </list>
/// A ban longer than <see cref="MaxBanWait"/> is not waited out: every caller gets a
/// <see cref="TopQuotaExhaustedException"/> and the run stops, resumable.
/// </summary>
public sealed class RateGate : IRateGate, IDisposable
{
    private readonly TimeProviderTokenBucket _bucket;
    private readonly TimeProvider _time;
    private readonly TimeSpan _banJitter;
    private readonly Lock _lock = new();
    private DateTimeOffset _closedUntil = DateTimeOffset.MinValue;
    private StopReason? _stop;
    private readonly Lock _windowLock = new();
    private readonly long[] _sendTimes;
    private readonly long _windowTicks;
    private readonly long _marginTicks;
    private int _nextSend;

    public RateGate(int callsPerSecond, int burst, TimeSpan maxBanWait, TimeSpan banJitter, TimeProvider timeProvider)
        : this(callsPerSecond, burst, maxBanWait, banJitter, TimeSpan.Zero, timeProvider)
    {
    }

    public RateGate(int callsPerSecond, int burst, TimeSpan maxBanWait, TimeSpan banJitter, TimeSpan windowMargin,
        TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowMargin, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(callsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        ArgumentOutOfRangeException.ThrowIfLessThan(banJitter, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);

        // Refill in up to 10 slices a second so the calls spread over the second instead of arriving in one lump;
        // the slice count divides the rate so the bucket delivers exactly CallsPerSecond.
        var slices = Enumerable.Range(1, 10).Reverse().First(n => callsPerSecond % n == 0);
        TokensPerRefill = callsPerSecond / slices;
        RefillPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / slices);
        CallsPerSecond = callsPerSecond;
        Capacity = TokensPerRefill + burst;
        MaxBanWait = maxBanWait;
        _banJitter = banJitter;
        _time = timeProvider;

        _bucket = new TimeProviderTokenBucket(Capacity, TokensPerRefill, RefillPeriod, timeProvider);
        WindowMargin = windowMargin;
        _windowTicks = (long)Math.Ceiling((TimeSpan.FromSeconds(1) + windowMargin).TotalSeconds * timeProvider.TimestampFrequency);
        _marginTicks = (long)(windowMargin.TotalSeconds * timeProvider.TimestampFrequency);
        _sendTimes = new long[callsPerSecond];
        Array.Fill(_sendTimes, long.MinValue / 2);
    }

    public static RateGate FromOptions(TopOptions options, TimeProvider timeProvider) =>
        new(options.CallsPerSecond, options.RateBurst, options.MaxBanWait, options.BanJitter, options.RateWindowMargin, timeProvider);

    public int CallsPerSecond { get; }

    /// <summary>Most calls that can pass at once (one refill plus the configured burst).</summary>
    public int Capacity { get; }

    public int TokensPerRefill { get; }
    public TimeSpan RefillPeriod { get; }
    public TimeSpan MaxBanWait { get; }

    /// <summary>Added to the one-second window so network jitter cannot push CallsPerSecond + 1 calls into one platform second.</summary>
    public TimeSpan WindowMargin { get; }

    /// <summary>Sends that left later than booked by more than the margin (a stalled machine); each costs rate.</summary>
    internal long LateSends { get; private set; }

    internal long TokensOverflowed => _bucket.TokensOverflowed;

    /// <summary>Callers queued for a token (not counting those held by a ban).</summary>
    public long QueuedCallers => _bucket.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>True while a ban holds every caller back.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_lock) return _closedUntil > _time.GetUtcNow();
        }
    }

    /// <summary>When the current ban ends (local clock), or null when the gate is open.</summary>
    public Instant? ClosedUntil
    {
        get
        {
            lock (_lock) return _closedUntil > _time.GetUtcNow() ? Instant.FromDateTimeOffset(_closedUntil) : null;
        }
    }

    /// <summary>Waits until the gate is open and a token is free. Throws the stop of a long ban to every caller.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await WaitOutBanAsync(cancellationToken).ConfigureAwait(false);
            using var lease = await _bucket.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired) throw new InvalidOperationException("the rate gate's queue refused a caller");
            await PaceAsync(cancellationToken).ConfigureAwait(false);
            // A ban may have started while this caller queued for its token: the token is spent, but sending now
            // would be refused and prolong the ban.
            if (!IsClosed) return;
        }
    }

    /// <summary>
    /// Closes the gate for every caller for <paramref name="banLength"/> plus jitter. Returns false when the ban
    /// is longer than <see cref="MaxBanWait"/>: then waiting callers are stopped instead of held.
    /// </summary>
    public bool Close(TimeSpan banLength, string method, string? subCode, string? subMsg, string? requestId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(banLength, TimeSpan.Zero);
        var jitter = _banJitter <= TimeSpan.Zero
            ? TimeSpan.Zero
            : TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * _banJitter.Ticks));
        var until = _time.GetUtcNow() + banLength + jitter;
        var waitable = banLength <= MaxBanWait;
        lock (_lock)
        {
            if (until > _closedUntil) _closedUntil = until;
            if (!waitable) _stop = new StopReason(method, subCode, subMsg, requestId, banLength);
        }
        return waitable;
    }

    public TopQuotaExhaustedException StopFor(string method, string? subCode, string? subMsg, string? requestId, TimeSpan banLength)
    {
        lock (_lock)
        {
            return new TopQuotaExhaustedException(method, subCode, subMsg, requestId, banLength,
                Instant.FromDateTimeOffset(_closedUntil));
        }
    }

    // The send CallsPerSecond places back must be a full window old; each caller books its slot in order, so the
    // bound holds for every span of the window, not only for whole clock seconds.
    private async ValueTask PaceAsync(CancellationToken cancellationToken)
    {
        var (slot, booked, wait) = BookSend();
        if (wait <= TimeSpan.Zero) return;
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        // A timer fires a little late and a stalled thread much later than booked. Lateness within the margin is what
        // the margin is for; beyond it the slot moves to the real send time less the margin, so the call this slot's
        // successor follows is still at least one second behind it: any one-second span of real sends holds at most
        // CallsPerSecond calls, and ordinary timer lateness does not slow the rate down.
        lock (_windowLock)
        {
            var floor = _time.GetTimestamp() - _marginTicks;
            if (_sendTimes[slot] == booked && floor > booked)
            {
                _sendTimes[slot] = floor;
                LateSends++;
            }
        }
    }

    /// <summary>Books the next send slot; returns the slot, its booked timestamp and how long the caller waits for it.</summary>
    internal (int Slot, long Booked, TimeSpan Wait) BookSend()
    {
        long now, sendAt;
        int slot;
        lock (_windowLock)
        {
            now = _time.GetTimestamp();
            slot = _nextSend;
            sendAt = Math.Max(now, _sendTimes[slot] + _windowTicks);
            _sendTimes[slot] = sendAt;
            _nextSend = (slot + 1) % _sendTimes.Length;
        }
        var wait = sendAt <= now
            ? TimeSpan.Zero
            : TimeSpan.FromTicks((long)Math.Ceiling((sendAt - now) * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));
        return (slot, sendAt, wait);
    }

    private async ValueTask WaitOutBanAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan remaining;
            StopReason? stop;
            lock (_lock)
            {
                remaining = _closedUntil - _time.GetUtcNow();
                if (remaining <= TimeSpan.Zero) _stop = null;
                stop = _stop;
            }
            if (remaining <= TimeSpan.Zero) return;
            if (stop is not null) throw StopFor(stop.Method, stop.SubCode, stop.SubMsg, stop.RequestId, stop.BanLength);
            await Task.Delay(remaining, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _bucket.Dispose();
    }

    private sealed record StopReason(string Method, string? SubCode, string? SubMsg, string? RequestId, TimeSpan BanLength);
}
