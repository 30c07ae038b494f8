using NodaTime;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// The simulated platform clock: a start instant that runs at <c>speed</c> times the host's real clock, plus
/// every jump asked through <c>/sim/clock/advance</c>. The speed can change at run time (<c>/sim/clock/speed</c>):
/// the time run so far is kept and the new speed counts from then. It never goes back.
/// </summary>
internal sealed class SimClock
{
    private readonly Instant _start;
    private readonly TimeProvider _real;
    private readonly Lock _gate = new();
    private long _anchor;
    private long _runTicks;
    private double _speed;
    private long _advancedTicks;

    public SimClock(Instant start, double speed, TimeProvider real)
    {
        _start = start;
        _speed = speed;
        _real = real;
        _anchor = real.GetTimestamp();
    }

    public double Speed
    {
        get
        {
            lock (_gate) return _speed;
        }
    }

    public Instant Now
    {
        get
        {
            lock (_gate) return _start + Duration.FromTicks(_advancedTicks + RunTicks());
        }
    }

    public Instant Advance(Duration by)
    {
        if (by < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(by), "the simulated clock never goes back");
        lock (_gate) _advancedTicks += by.BclCompatibleTicks;
        return Now;
    }

    /// <summary>From now on the clock runs at <paramref name="speed"/> times real time (0 = frozen); what it ran so far stays.</summary>
    public Instant SetSpeed(double speed)
    {
        if (!(speed >= 0)) throw new ArgumentOutOfRangeException(nameof(speed), "a clock speed is 0 (frozen) or positive");
        lock (_gate)
        {
            _runTicks = RunTicks();
            _anchor = _real.GetTimestamp();
            _speed = speed;
        }

        return Now;
    }

    private long RunTicks() => _runTicks + (long)(_real.GetElapsedTime(_anchor).Ticks * _speed);
}
