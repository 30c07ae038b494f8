namespace TaobaoEtl.TopSim.World;

/// <summary>
/// Draws a trade's whole life (every future change with its instant) from its own seeded stream, so the
/// state at any simulated instant is a pure function of (seed, trade, instant) and nothing is stored.
/// Within a second a first change lands in [0, 450) ms and a same-second second change in [550, 1000) ms,
/// so a client asking inside the second can see the first and not yet the second.
/// </summary>
internal static class LifeScheduler
{
    // 20 primaries, a twin each, and the overlay's added changes (LifeOverlay.MaxPerTrade).
    public const int MaxEvents = 40 + LifeOverlay.MaxPerTrade;
    private const long Minute = 60_000, Hour = 3_600_000, Day = 86_400_000;

    public static int Build(long seed, int index, long createdMs, byte kind, int lines, double twinRate, Span<LifeEvent> into)
    {
        Span<LifeEvent> primary = stackalloc LifeEvent[20];
        var n = Primaries(seed, index, createdMs, kind, lines, primary);
        Sort(primary[..n]);

        // One draw per primary whatever the rate, so changing the rate at run time changes nothing else.
        var twins = new SplitMix(seed, index, 9);
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            into[count++] = primary[i];
            var u = twins.NextDouble();
            var at = twins.Next(550, 1000);
            var variant = (byte)twins.Next(0, 250);
            if (primary[i].Step != LifeStep.Create && u < twinRate)
                into[count++] = new LifeEvent(primary[i].Second * 1000 + at, LifeStep.Twin, primary[i].Line, variant);
        }

        // Two first changes can share a second; the twin of the earlier one then belongs after both.
        Sort(into[..count]);
        return count;
    }

    private static int Primaries(long seed, int index, long createdMs, byte kind, int lines, Span<LifeEvent> e)
    {
        var rng = new SplitMix(seed, index, 1);
        var n = 0;
        void Add(Span<LifeEvent> span, long at, LifeStep step, int line = 0, int variant = 0) =>
            span[n++] = new LifeEvent(First(at), step, (byte)line, (byte)variant);

        Add(e, createdMs, LifeStep.Create);
        long paidAt;
        if (kind == TradeKinds.Cod)
        {
            paidAt = createdMs;
        }
        else if (kind == TradeKinds.Step)
        {
            var deposit = createdMs + rng.NextLong(30_000, 2 * Hour);
            if (!rng.Chance(0.93))
            {
                Add(e, createdMs + rng.NextLong(Day, 3 * Day), LifeStep.CloseUnpaid);
                return Memos(ref rng, createdMs, e, n);
            }

            Add(e, deposit, LifeStep.StepDeposit);
            var final = deposit + rng.NextLong(Day, 12 * Day);
            if (!rng.Chance(0.9))
            {
                Add(e, final, LifeStep.StepForfeit);
                return Memos(ref rng, createdMs, e, n);
            }

            Add(e, final, LifeStep.StepFinal);
            paidAt = final;
        }
        else
        {
            if (!rng.Chance(0.9))
            {
                Add(e, createdMs + rng.NextLong(Day, 3 * Day), LifeStep.CloseUnpaid);
                return Memos(ref rng, createdMs, e, n);
            }

            paidAt = createdMs + rng.NextLong(10_000, 30 * Minute);
            Add(e, paidAt, LifeStep.Pay);
        }

        var refundLine = rng.Next(0, lines);
        var shipAt = paidAt + rng.NextLong(2 * Hour, 3 * Day);
        var refundBeforeShip = rng.Chance(0.04);
        if (refundBeforeShip)
        {
            var created = paidAt + rng.NextLong(10 * Minute, 12 * Hour);
            var settled = created + rng.NextLong(Hour, Day);
            Add(e, created, LifeStep.RefundCreate, refundLine);
            var success = rng.Chance(0.85);
            Add(e, settled, success ? LifeStep.RefundSuccess : LifeStep.RefundClose, refundLine);
            if (success && lines == 1) return Memos(ref rng, createdMs, e, n);
            shipAt = Math.Max(shipAt, settled + rng.NextLong(Minute, 6 * Hour));
        }

        if (lines > 1 && rng.Chance(0.15))
        {
            Add(e, shipAt, LifeStep.PartShip);
            shipAt += rng.NextLong(Hour, Day);
        }

        Add(e, shipAt, LifeStep.Ship);
        long finishAt;
        if (kind == TradeKinds.Cod)
        {
            var signed = shipAt + rng.NextLong(2 * Day, 4 * Day);
            Add(e, signed, LifeStep.Sign);
            finishAt = signed + rng.NextLong(Hour, Day);
        }
        else
        {
            finishAt = shipAt + rng.NextLong(3 * Day, 10 * Day);
        }

        if (!refundBeforeShip && rng.Chance(0.05))
        {
            var created = shipAt + rng.NextLong(Day, 5 * Day);
            var answered = created + rng.NextLong(2 * Hour, Day);
            Add(e, created, LifeStep.RefundCreate, refundLine);
            long end;
            if (rng.Chance(0.1))
            {
                Add(e, answered, LifeStep.RefundRefuse, refundLine);
                end = answered + rng.NextLong(Day, 3 * Day);
                Add(e, end, LifeStep.RefundClose, refundLine);
            }
            else
            {
                Add(e, answered, LifeStep.RefundAgree, refundLine);
                var returned = answered + rng.NextLong(Day, 3 * Day);
                Add(e, returned, LifeStep.RefundReturn, refundLine);
                end = returned + rng.NextLong(Hour, 2 * Day);
                Add(e, end, rng.Chance(0.85) ? LifeStep.RefundSuccess : LifeStep.RefundClose, refundLine);
            }

            finishAt = Math.Max(finishAt, end + rng.NextLong(Minute, Hour));
        }

        Add(e, finishAt, LifeStep.Finish);
        return Memos(ref rng, createdMs, e, n);
    }

    private static int Memos(ref SplitMix rng, long createdMs, Span<LifeEvent> e, int n)
    {
        if (rng.Chance(0.2))
            e[n++] = new LifeEvent(First(createdMs + rng.NextLong(Minute, 20 * Day)), LifeStep.Memo, 0, (byte)rng.Next(0, 250));
        // Old trades edited weeks later: a full backfill done once is not enough.
        if (rng.Chance(0.05))
            e[n++] = new LifeEvent(First(createdMs + rng.NextLong(60 * Day, 85 * Day)), LifeStep.Memo, 0, (byte)rng.Next(0, 250));
        return n;
    }

    /// <summary>Moves a millisecond into the first part [0, 450) of its second.</summary>
    private static long First(long ms) => ms / 1000 * 1000 + ms % 1000 * 450 / 1000;

    public static void SortByTime(Span<LifeEvent> events) => Sort(events);

    private static void Sort(Span<LifeEvent> events)
    {
        for (var i = 1; i < events.Length; i++)
        {
            var x = events[i];
            var j = i - 1;
            while (j >= 0 && events[j].AtMs > x.AtMs)
            {
                events[j + 1] = events[j];
                j--;
            }

            events[j + 1] = x;
        }
    }
}
