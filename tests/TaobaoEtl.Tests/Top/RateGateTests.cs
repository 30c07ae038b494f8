using Microsoft.Extensions.Time.Testing;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class RateGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_bucket_lets_through_no_more_than_the_rate_plus_its_capacity_per_second()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TimeProviderTokenBucket(tokenLimit: 1, tokensPerPeriod: 1, TimeSpan.FromMilliseconds(100), time);
        var leases = Enumerable.Range(0, 50).Select(_ => bucket.AcquireAsync(1).AsTask()).ToArray();
        Assert.Equal(1, leases.Count(l => l.IsCompleted));

        AdvanceInTicks(time, TimeSpan.FromSeconds(1));
        Assert.Equal(11, leases.Count(l => l.IsCompleted));
        Assert.True(leases.Take(11).All(l => l.IsCompleted), "tokens go to the callers in the order they came");

        AdvanceInTicks(time, TimeSpan.FromSeconds(1));
        Assert.Equal(21, leases.Count(l => l.IsCompleted));
        foreach (var lease in leases.Where(l => l.IsCompleted)) Assert.True((await lease).IsAcquired);
    }

    [Fact]
    public void A_late_timer_tick_still_credits_every_period_that_elapsed()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TimeProviderTokenBucket(tokenLimit: 6, tokensPerPeriod: 1, TimeSpan.FromMilliseconds(100), time);
        var leases = Enumerable.Range(0, 20).Select(_ => bucket.AcquireAsync(1).AsTask()).ToArray();
        Assert.Equal(6, leases.Count(l => l.IsCompleted));

        // One jump of 500 ms: the timer fires late, as a loaded machine's does, and the bucket still credits 5 refills.
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(11, leases.Count(l => l.IsCompleted));
    }

    [Fact]
    public void A_very_late_tick_serves_waiting_callers_at_most_one_refill_beyond_the_bucket_size()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TimeProviderTokenBucket(tokenLimit: 2, tokensPerPeriod: 1, TimeSpan.FromMilliseconds(100), time);
        var leases = Enumerable.Range(0, 20).Select(_ => bucket.AcquireAsync(1).AsTask()).ToArray();
        Assert.Equal(2, leases.Count(l => l.IsCompleted));

        // 800 ms in one tick (a stalled machine): 8 refills are owed, but releasing them at once would be a burst.
        time.Advance(TimeSpan.FromMilliseconds(800));
        Assert.Equal(2 + 3, leases.Count(l => l.IsCompleted));
        Assert.Equal(5, bucket.TokensOverflowed);
    }

    [Fact]
    public async Task A_waiter_that_cancels_leaves_the_queue_and_the_next_one_gets_the_token()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TimeProviderTokenBucket(tokenLimit: 1, tokensPerPeriod: 1, TimeSpan.FromMilliseconds(100), time);
        using var first = await bucket.AcquireAsync(1);
        using var cancel = new CancellationTokenSource();
        var cancelled = bucket.AcquireAsync(1, cancel.Token).AsTask();
        var next = bucket.AcquireAsync(1).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal(0, bucket.GetStatistics()!.CurrentQueuedCount);
    }

    // A real clock moves continuously; stepping by the refill period lets each tick see its own instant.
    private static void AdvanceInTicks(FakeTimeProvider time, TimeSpan total)
    {
        for (var step = TimeSpan.Zero; step < total; step += TimeSpan.FromMilliseconds(100))
            time.Advance(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void The_window_books_no_more_than_the_rate_in_any_second_plus_margin()
    {
        var time = new FakeTimeProvider();
        var margin = TimeSpan.FromMilliseconds(50);
        using var gate = new RateGate(callsPerSecond: 10, burst: 10, TimeSpan.FromMinutes(10), TimeSpan.Zero, margin, time);

        // 35 callers arrive at once (as a burst out of the bucket would): the first 10 go now, the others a window later.
        var sends = Enumerable.Range(0, 35).Select(_ => gate.BookSend().Wait).ToArray();
        Assert.All(sends.Take(10), s => Assert.Equal(TimeSpan.Zero, s));
        for (var i = 10; i < sends.Length; i++)
            Assert.True(sends[i] - sends[i - 10] >= TimeSpan.FromSeconds(1) + margin, $"send {i} at {sends[i]} vs {i - 10} at {sends[i - 10]}");
        Assert.True(sends[^1] < TimeSpan.FromSeconds(3.2), "the window must not hold callers longer than needed");

        // Once the booked sends are a window old, callers go straight through again.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, gate.BookSend().Wait);
    }

    [Fact]
    public void The_refill_is_spread_over_the_second_and_sums_to_the_rate()
    {
        using var gate = new RateGate(callsPerSecond: 250, burst: 5, TimeSpan.FromMinutes(10), TimeSpan.Zero, new FakeTimeProvider());
        Assert.Equal(250, gate.TokensPerRefill * (TimeSpan.TicksPerSecond / gate.RefillPeriod.Ticks));
        Assert.Equal(gate.TokensPerRefill + 5, gate.Capacity);
    }

    [Fact]
    public async Task A_ban_holds_every_caller_until_it_ends()
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(callsPerSecond: 1000, burst: 0, TimeSpan.FromMinutes(10), TimeSpan.Zero, time);
        Assert.True(gate.Close(TimeSpan.FromSeconds(30), "taobao.trade.fullinfo.get", "accesscontrol.limited-by-api-access-count",
            "This ban will last for 30 more seconds", "r1"));

        var callers = Enumerable.Range(0, 32).Select(_ => gate.WaitAsync(CancellationToken.None).AsTask()).ToArray();
        time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.True(gate.IsClosed);
        Assert.All(callers, c => Assert.False(c.IsCompleted));

        time.Advance(TimeSpan.FromSeconds(0.1));
        await Task.WhenAll(callers).WaitAsync(Patience);
        Assert.False(gate.IsClosed);
    }

    [Fact]
    public async Task A_later_longer_ban_extends_the_wait_and_a_shorter_one_does_not_shorten_it()
    {
        var time = new TimerCountingTimeProvider();
        using var gate = new RateGate(1000, 0, TimeSpan.FromMinutes(10), TimeSpan.Zero, time);
        gate.Close(TimeSpan.FromSeconds(10), "m", null, null, null);
        var caller = gate.WaitAsync(CancellationToken.None).AsTask();
        var armed = time.TimersCreated;
        time.Advance(TimeSpan.FromSeconds(5));
        gate.Close(TimeSpan.FromSeconds(20), "m", null, null, null);
        gate.Close(TimeSpan.FromSeconds(1), "m", null, null, null);
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(caller.IsCompleted);
        // Woken when the first ban would have ended, the caller found the longer one and waits again: let it arm that wait.
        await time.WaitForTimerBeyondAsync(armed, Patience);
        time.Advance(TimeSpan.FromSeconds(1));
        await caller.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_ban_longer_than_the_wait_limit_stops_every_caller_with_quota_exhausted()
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(1000, 0, TimeSpan.FromMinutes(10), TimeSpan.Zero, time);
        gate.Close(TimeSpan.FromSeconds(5), "m", null, null, null);
        var waiting = Enumerable.Range(0, 4).Select(_ => gate.WaitAsync(CancellationToken.None).AsTask()).ToArray();

        Assert.False(gate.Close(TimeSpan.FromSeconds(30000), "taobao.trade.fullinfo.get",
            "accesscontrol.limited-by-app-access-count", "This ban will last for 30000 more seconds", "r2"));
        time.Advance(TimeSpan.FromSeconds(5));

        foreach (var caller in waiting)
        {
            var ex = await Assert.ThrowsAsync<TopQuotaExhaustedException>(() => caller.WaitAsync(Patience));
            Assert.Equal(TopBanScope.AppQuota, ex.BanScope);
        }
        await Assert.ThrowsAsync<TopQuotaExhaustedException>(() => gate.WaitAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public void The_ban_end_gets_at_most_the_configured_jitter()
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(1000, 0, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(2), time);
        var start = NodaTime.Instant.FromDateTimeOffset(time.GetUtcNow());
        gate.Close(TimeSpan.FromSeconds(10), "m", null, null, null);
        var until = gate.ClosedUntil!.Value;
        Assert.InRange(until - start, NodaTime.Duration.FromSeconds(10), NodaTime.Duration.FromSeconds(12));
    }

    [Fact]
    public async Task A_caller_waiting_out_a_ban_can_cancel()
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(1000, 0, TimeSpan.FromMinutes(10), TimeSpan.Zero, time);
        gate.Close(TimeSpan.FromSeconds(60), "m", null, null, null);
        using var cancel = new CancellationTokenSource();
        var caller = gate.WaitAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller.WaitAsync(Patience));
    }
}
