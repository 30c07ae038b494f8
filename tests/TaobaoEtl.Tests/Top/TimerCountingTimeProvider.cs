using Microsoft.Extensions.Time.Testing;

namespace TaobaoEtl.Tests.Top;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when a timer was created. A caller woken by one advance may re-arm its
/// wait on a thread-pool continuation; advancing again before it has done so would move time past a timer that does
/// not exist yet. Waiting for the timer first makes the next advance land on it.
/// </summary>
internal sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private readonly SemaphoreSlim _created = new(0);
    private int _count;

    public int TimersCreated => Volatile.Read(ref _count);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _count);
        _created.Release();
        return timer;
    }

    /// <summary>Completes once more than <paramref name="seen"/> timers have been created; fails after <paramref name="patience"/>.</summary>
    public async Task WaitForTimerBeyondAsync(int seen, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (TimersCreated <= seen) await _created.WaitAsync(deadline.Token);
    }
}
