using NodaTime;
using TaobaoEtl.State;

namespace TaobaoEtl.Tests.State;

public sealed class OwedBackoffTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(8, 256)]
    [InlineData(9, 360)]
    [InlineData(10, 360)]
    [InlineData(1000, 360)]
    public void The_default_doubles_from_two_minutes_and_caps_at_six_hours(int attempts, int minutes) =>
        Assert.Equal(Duration.FromMinutes(minutes), OwedBackoff.Default.DelayAfter(attempts));

    [Fact]
    public void The_schedule_the_sink_indexes_is_the_same_rule_and_ends_at_the_cap()
    {
        var backoff = new OwedBackoff(Duration.FromMinutes(1), Duration.FromMinutes(10));
        Assert.Equal([Duration.FromMinutes(1), Duration.FromMinutes(2), Duration.FromMinutes(4), Duration.FromMinutes(8), Duration.FromMinutes(10)],
            backoff.Schedule);
        for (var attempts = 1; attempts <= 20; attempts++)
            Assert.Equal(backoff.DelayAfter(attempts), backoff.Schedule[Math.Min(attempts, backoff.Schedule.Count) - 1]);
    }

    [Fact]
    public void The_next_attempt_is_the_failed_attempt_plus_its_delay()
    {
        var at = Instant.FromUtc(2026, 11, 11, 0, 0);
        Assert.Equal(at + Duration.FromMinutes(8), OwedBackoff.Default.NextAttempt(at, 3));
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OwedBackoff(Duration.Zero, Duration.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OwedBackoff(Duration.FromMinutes(2), Duration.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => OwedBackoff.Default.DelayAfter(0));
    }
}
