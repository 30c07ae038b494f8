namespace TaobaoEtl.TopSim.World;

/// <summary>
/// Draws the refunds of one trade into its schedule. A line can be refunded more than once, one refund after another
/// (top-api.md §4): each refund of a line starts after the one before it ended (closed, or succeeded for part of what
/// was left), so the line's <c>refund_id</c> is always its latest refund; refunds of different lines may overlap. A
/// refund that succeeds for all that is left ends the line's refunds. Bounded so a trade's schedule still fits
/// <see cref="LifeScheduler.MaxPrimaries"/> and its refund ids <see cref="RefundTag.MaxPerTrade"/>.
/// </summary>
internal ref struct RefundDraft
{
    private const long Minute = 60_000, Hour = 3_600_000, Day = 86_400_000;

    /// <summary>The most events one refund adds (an exchange that succeeds).</summary>
    private const int LongestRefund = 6;

    /// <summary>Events kept free for what may follow the refunds: part ship, ship, sign, finish, two memos.</summary>
    private const int Reserve = 6;

    private readonly Span<LifeEvent> _events;
    private readonly Span<long> _freeAt;
    private int _exhausted;
    private int _ordinal;

    public RefundDraft(Span<LifeEvent> events, int count, Span<long> lineFreeAt)
    {
        _events = events;
        _freeAt = lineFreeAt;
        Count = count;
    }

    /// <summary>Events in the schedule so far, the refunds' included.</summary>
    public int Count { get; private set; }

    /// <summary>Goes on after the schedule grew by other changes (shipment) to <paramref name="count"/> events.</summary>
    public void Resume(int count) => Count = count;

    /// <summary>When the last refund drawn so far ended, in ms (0 before any).</summary>
    public long LastEnd { get; private set; }

    /// <summary>Whether one more refund fits the schedule and the trade's refund ids.</summary>
    public readonly bool Room => _ordinal < RefundTag.MaxPerTrade && Count + LongestRefund + Reserve <= LifeScheduler.MaxPrimaries;

    /// <summary>Whether the line still has money left for a refund.</summary>
    public readonly bool Open(int line) => (_exhausted & 1 << line) == 0;

    public readonly bool AllExhausted(int lines) => _exhausted == (1 << lines) - 1;

    /// <summary>The first line from <paramref name="from"/> on (wrapping) with money left, or -1.</summary>
    public readonly int FirstOpen(int from, int lines)
    {
        for (var k = 0; k < lines; k++)
        {
            var line = (from + k) % lines;
            if (Open(line)) return line;
        }

        return -1;
    }

    /// <summary>
    /// A refund asked before the line shipped (<c>onsale</c>): money only, all that is left, agreed or closed within a
    /// day. Returns when it ended.
    /// </summary>
    public long Onsale(ref SplitMix rng, int line, long earliest, out bool success)
    {
        success = false;
        if (!Room || !Open(line)) return earliest;
        var created = Math.Max(earliest, _freeAt[line]) + rng.NextLong(10 * Minute, 12 * Hour);
        var settled = created + rng.NextLong(Hour, Day);
        var tag = new RefundTag(_ordinal++, RefundBill.Refund, Partial: false);
        Add(created, LifeStep.RefundCreate, line, tag);
        success = rng.Chance(0.85);
        Add(settled, success ? LifeStep.RefundSuccess : LifeStep.RefundClose, line, tag);
        return Ended(line, settled, success, tag);
    }

    /// <summary>
    /// A refund asked after the line shipped (<c>aftersale</c>), no earlier than <paramref name="created"/> nor before the
    /// line's previous refund ended: money only (<c>refund_bill</c>), goods returned for money (<c>return_bill</c>) or
    /// for other goods (<c>replace_bill</c>, through the exchange states). Returns when it ended.
    /// </summary>
    public long Aftersale(ref SplitMix rng, int line, long created)
    {
        if (!Room || !Open(line)) return created;
        created = Math.Max(created, _freeAt[line] + rng.NextLong(10 * Minute, Hour));
        var u = rng.NextDouble();
        var bill = u < 0.3 ? RefundBill.Refund : u < 0.8 ? RefundBill.Return : RefundBill.Replace;
        var tag = new RefundTag(_ordinal++, bill, Partial: rng.Chance(bill == RefundBill.Refund ? 0.4 : 0.2));
        Add(created, LifeStep.RefundCreate, line, tag);
        var answered = created + rng.NextLong(2 * Hour, Day);
        long end;
        bool success;
        if (rng.Chance(0.1))
        {
            Add(answered, LifeStep.RefundRefuse, line, tag);
            end = answered + rng.NextLong(Day, 3 * Day);
            success = false;
        }
        else if (bill == RefundBill.Refund)
        {
            end = answered;
            success = rng.Chance(0.85);
        }
        else
        {
            Add(answered, LifeStep.RefundAgree, line, tag);
            var returned = answered + rng.NextLong(Day, 3 * Day);
            Add(returned, LifeStep.RefundReturn, line, tag);
            end = returned + rng.NextLong(Hour, 2 * Day);
            success = rng.Chance(0.85);
            if (bill == RefundBill.Replace && success)
            {
                Add(end, LifeStep.RefundExchangeConfirm, line, tag);
                var sent = end + rng.NextLong(Hour, Day);
                Add(sent, LifeStep.RefundExchangeSend, line, tag);
                end = sent + rng.NextLong(Day, 4 * Day);
            }
        }

        Add(end, success ? LifeStep.RefundSuccess : LifeStep.RefundClose, line, tag);
        return Ended(line, end, success, tag);
    }

    private long Ended(int line, long end, bool success, RefundTag tag)
    {
        if (success && !tag.Partial) _exhausted |= 1 << line;
        _freeAt[line] = end;
        LastEnd = Math.Max(LastEnd, end);
        return end;
    }

    private void Add(long at, LifeStep step, int line, RefundTag tag) =>
        _events[Count++] = new LifeEvent(LifeScheduler.First(at), step, (byte)line, tag.Pack());
}
