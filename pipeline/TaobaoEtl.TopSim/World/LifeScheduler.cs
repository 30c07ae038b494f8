namespace TaobaoEtl.TopSim.World;

/// <summary>
/// Draws a trade's whole life (every future change with its instant) from its own seeded stream, so the
/// state at any simulated instant is a pure function of (seed, trade, instant) and nothing is stored.
/// Within a second a first change lands in [0, 450) ms and a same-second second change in [550, 1000) ms,
/// so a client asking inside the second can see the first and not yet the second.
/// </summary>
internal static class LifeScheduler
{
    /// <summary>Most first changes of a trade (its refunds take most of them, <see cref="RefundDraft"/>).</summary>
    public const int MaxPrimaries = 28;

    // The primaries, a twin each, and the overlay's added changes (LifeOverlay.MaxPerTrade).
    public const int MaxEvents = 2 * MaxPrimaries + LifeOverlay.MaxPerTrade;
    private const long Minute = 60_000, Hour = 3_600_000, Day = 86_400_000;

    public static int Build(long seed, int index, long createdMs, byte kind, int lines, double twinRate, Span<LifeEvent> into)
    {
        Span<LifeEvent> primary = stackalloc LifeEvent[MaxPrimaries];
        var n = Primaries(seed, index, createdMs, kind, lines, primary);
        Sort(primary[..n]);
        NumberRefunds(primary[..n]);

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
        Span<long> lineFreeAt = stackalloc long[lines];
        var refunds = new RefundDraft(e, n, lineFreeAt);
        if (rng.Chance(0.04))
        {
            var settled = refunds.Onsale(ref rng, refundLine, paidAt, out var success);
            // A buyer whose request was closed may ask again before the goods leave.
            if (!success && rng.Chance(0.4)) refunds.Onsale(ref rng, refundLine, settled, out _);
            if (lines > 1 && rng.Chance(0.2)) refunds.Onsale(ref rng, (refundLine + 1 + rng.Next(0, lines - 1)) % lines, paidAt, out _);
            n = refunds.Count;
            if (refunds.AllExhausted(lines)) return Memos(ref rng, createdMs, e, n);
            shipAt = Math.Max(shipAt, refunds.LastEnd + rng.NextLong(Minute, 6 * Hour));
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

        if (rng.Chance(0.06))
        {
            refunds.Resume(n);
            var line = refunds.FirstOpen(refundLine, lines);
            if (line >= 0)
            {
                var end = refunds.Aftersale(ref rng, line, shipAt + rng.NextLong(Day, 5 * Day));
                // A line refunded in part, or whose refund was closed, is often refunded again, one refund after another.
                for (var again = 0; again < 2 && refunds.Open(line) && rng.Chance(0.35); again++)
                    end = refunds.Aftersale(ref rng, line, end);
                if (lines > 1 && rng.Chance(0.25))
                {
                    var other = refunds.FirstOpen((line + 1 + rng.Next(0, lines - 1)) % lines, lines);
                    if (other >= 0) refunds.Aftersale(ref rng, other, shipAt + rng.NextLong(Day, 6 * Day));
                }

                n = refunds.Count;
                finishAt = Math.Max(finishAt, refunds.LastEnd + rng.NextLong(Minute, Hour));
            }
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

    /// <summary>
    /// Gives the trade's refunds their ordinals in the order they were asked for (they were drawn line by line), so a
    /// later refund of the trade has a higher id and the sheet holds refund k at position k.
    /// </summary>
    private static void NumberRefunds(Span<LifeEvent> events)
    {
        Span<byte> ordinal = stackalloc byte[RefundTag.MaxPerTrade];
        var next = 0;
        for (var k = 0; k < events.Length; k++)
        {
            var e = events[k];
            if (!e.Step.IsRefund()) continue;
            var tag = RefundTag.Of(e.Variant);
            if (e.Step == LifeStep.RefundCreate) ordinal[tag.Ordinal] = (byte)next++;
            events[k] = e with { Variant = (tag with { Ordinal = ordinal[tag.Ordinal] }).Pack() };
        }
    }

    /// <summary>Moves a millisecond into the first part [0, 450) of its second.</summary>
    public static long First(long ms) => ms / 1000 * 1000 + ms % 1000 * 450 / 1000;

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
