using Microsoft.Extensions.Time.Testing;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Windows;

public sealed class TimeProviderClockTests
{
    [Fact]
    public void The_clock_reads_the_provider_and_moves_with_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 3, 15, 17, 30, 0, TimeSpan.FromHours(8)));
        var clock = new TimeProviderClock(time);

        Assert.Equal(Instant.FromUtc(2027, 3, 15, 9, 30), clock.GetCurrentInstant());

        time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(Instant.FromUtc(2027, 3, 15, 9, 30) + Duration.FromMilliseconds(1500), clock.GetCurrentInstant());
    }
}
