using System.Collections.Immutable;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// The world's life cycle paused and resumed through <c>POST /sim/life</c>: while paused nothing is created and no
/// trade changes, even as the clock moves on (a quiescent world, so a harness can let the index lag run out and
/// prove every change was synced). What the schedule held for a paused stretch never happens: a resume does not
/// replay it (that would be a burst of changes dated in the past). Changes made before the pause still surface in
/// the list index after their lag.
/// </summary>
internal sealed class LifePause
{
    private readonly Lock _gate = new();
    private State _state = State.Running;

    /// <summary>The simulated instant (epoch ms) life stopped at, or null while it runs.</summary>
    public long? PausedAtMs => Volatile.Read(ref _state).PausedAtMs;

    public bool IsPaused => PausedAtMs is not null;

    /// <summary>Pauses at <paramref name="nowMs"/>; a second pause keeps the first instant.</summary>
    public void Pause(long nowMs)
    {
        lock (_gate)
        {
            if (_state.PausedAtMs is null) Volatile.Write(ref _state, _state with { PausedAtMs = nowMs });
        }
    }

    /// <summary>Resumes at <paramref name="nowMs"/>: the paused stretch stays empty for good.</summary>
    public void Resume(long nowMs)
    {
        lock (_gate)
        {
            if (_state.PausedAtMs is not { } from) return;
            Volatile.Write(ref _state, new State(null, _state.Slept.Add((from, Math.Max(from, nowMs)))));
        }
    }

    /// <summary>Drops the events that fall in a paused stretch; a trade whose creation fell in one never exists (0 events).</summary>
    public int Filter(Span<LifeEvent> events, int count)
    {
        var state = Volatile.Read(ref _state);
        if (state.PausedAtMs is null && state.Slept.IsEmpty) return count;
        var kept = 0;
        for (var k = 0; k < count; k++)
        {
            if (Asleep(state, events[k].AtMs))
            {
                if (events[k].Step == LifeStep.Create) return 0;
                continue;
            }

            events[kept++] = events[k];
        }

        return kept;
    }

    private static bool Asleep(State state, long atMs)
    {
        // A change in the very millisecond of the pause happened before it.
        if (state.PausedAtMs is { } paused && atMs > paused) return true;
        foreach (var (from, to) in state.Slept)
        {
            if (atMs > from && atMs <= to) return true;
        }

        return false;
    }

    private sealed record State(long? PausedAtMs, ImmutableList<(long From, long To)> Slept)
    {
        public static readonly State Running = new(null, []);
    }
}
