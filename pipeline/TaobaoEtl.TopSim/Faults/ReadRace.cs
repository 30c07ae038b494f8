using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Faults;

/// <summary>
/// A detail read that lands between two changes of one second (top-api.md §2a, issue 15 loss path 4): at
/// <see cref="FaultOptions.ReadRaceRate"/>, a <c>fullinfo</c> read made 300 ms or more into a second is preceded by
/// a change of that trade at the read instant (the read sees it) and followed by another one later in the same second
/// (the read misses it; same <c>modified</c>, other memo and flag). Both are real changes of the <see cref="LifeOverlay"/>,
/// each visible to the list index when it happens. Only a copy whose <c>fetched_at</c> is a true lower bound of the read
/// knows that it may hold the first change only; a client that takes <c>Date</c> for the read instant skips the second
/// change for good once the answer's <c>Date</c> falls in the next second (a reply delay with the clock running).
/// Drawn from (seed, call); never while life is paused.
/// </summary>
internal static class ReadRace
{
    // The read must leave room for a later change in its own second.
    private const int FromMsInSecond = 300;

    public static void BeforeRead(TradeWorld world, int index, long nowMs, double clockSpeed, long call, FaultOptions faults, SimStats stats)
    {
        // A clock faster than real time is no platform a client can bound a read on (its bound is its own round trip):
        // a race there would be the simulator's artefact, so it races only on a frozen or real-time clock.
        if (faults.ReadRaceRate <= 0 || clockSpeed > 1 || world.Pause.IsPaused) return;
        var inSecond = (int)(nowMs % 1000);
        if (inSecond is < FromMsInSecond or > 998) return;
        var rng = new SplitMix(world.Seed, call, 7_001);
        if (!rng.Chance(faults.ReadRaceRate)) return;
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, faults.SameSecondChangeRate, events);
        var last = -1L;
        var created = false;
        for (var k = 0; k < n && events[k].AtMs <= nowMs; k++)
        {
            last = events[k].AtMs;
            created |= events[k].Step == LifeStep.Create;
        }

        if (!created || last >= nowMs) return;
        var after = nowMs + rng.Next(1, 1000 - inSecond);
        if (!world.Overlay.TryAdd(index, new LifeEvent(nowMs, LifeStep.Revision, 0, (byte)rng.Next(0, 250), VisibleAtMs: nowMs))) return;
        if (world.Overlay.TryAdd(index, new LifeEvent(after, LifeStep.Revision, 0, (byte)rng.Next(0, 250), VisibleAtMs: after)))
            stats.Injected("read_race");
    }
}
