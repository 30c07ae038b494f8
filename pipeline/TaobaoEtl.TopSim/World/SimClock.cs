using NodaTime;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// The simulated platform clock: a start instant that runs at <c>speed</c> times the host's real clock, plus
/// every jump asked through <c>/sim/clock/advance</c>. It never goes back.
/// </summary>
internal sealed class SimClock
{
    private readonly Instant _start;
    private readonly double _speed;
    private readonly TimeProvider _real;
    private readonly long _anchor;
    private long _advancedTicks;

    public SimClock(Instant start, double speed, TimeProvider real)
    {
        _start = start;
        _speed = speed;
        _real = real;
        _anchor = real.GetTimestamp();
    }

    public double Speed => _speed;

    public Instant Now
    {
        get
        {
            var elapsed = _real.GetElapsedTime(_anchor);
            return _start + Duration.FromTicks(Interlocked.Read(ref _advancedTicks)) + Duration.FromTicks((long)(elapsed.Ticks * _speed));
        }
    }

    public Instant Advance(Duration by)
    {
        if (by < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(by), "the simulated clock never goes back");
        Interlocked.Add(ref _advancedTicks, by.BclCompatibleTicks);
        return Now;
    }
}
