using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// An increment slice, listed so that it settles only when it is proven complete (issue 15, loss path 1).
/// <para><b>Why not pages.</b> The list is ordered by <c>modified</c> descending, trades of one second in no stable
/// order, and the slice moves while it is read: late-indexed changes surface anywhere in it, trades leave it
/// (changed past its end) or move forward in it. A page is a cut by <i>position</i>, and positions move under every
/// such change: a trade that never changed can be pushed from an unread page onto a read one (an insertion ahead of
/// it) and no count notices when a departure keeps the total (the counter-example), and two trades of one
/// second that straddle a page edge can swap between two reads, so even a slice that does not change at all can
/// lose one. Counts cannot tell those worlds apart from quiet ones: every answer is the same in both.</para>
/// <para><b>Cut by <c>modified</c> instead.</b> Each call asks page 1 of a sub-window [s, e) with
/// <c>use_has_next=false</c>: one answer, so one instant t: the count T and the newest min(T, 100) trades of
/// [s, e) at t. If T fits the page, that answer holds the whole sub-window at t. Otherwise let m be the second of
/// the page's oldest trade: every trade of [s, e) at t with <c>modified</c> ≥ m + 1 s ranks before every trade of
/// second m (the order is by <c>modified</c>; ties only share a second), so it is on the page. Hence the answer
/// holds all of [m + 1 s, e) at t, and the plan goes on with [s, m + 1 s). The sub-windows partition the slice,
/// and each was read whole at its own instant.</para>
/// <para><b>Theorem.</b> When the plan settles, every (tid, <c>modified</c>) pair that was in the slice at its
/// first call and is still there at its last one was listed; so was every pair that surfaced in a part of the
/// slice still unread at that moment (<see cref="IsUnread"/>). Proof: such a pair lies in exactly one sub-window
/// [a, b), its membership is fixed by its <c>modified</c>, which it keeps while it does not change, and so it was
/// in [a, b) when that sub-window's answer was given, which held all of it. No position is trusted.</para>
/// <para><b>What no plan can prove.</b> A pair that surfaces, after a part is read, in that part (the index lags,
/// or a trade moves forward within the slice) leaves no trace in any later answer when a departure keeps the
/// counts: every rule misses it in one world and not the other. Such a pair became visible after this slice's
/// listing began, so its <c>modified</c> is at least "that moment − the index lag", later than the watermark
/// this run can reach minus the look-back: the next increment lists it again, on the same premise the look-back
/// already rests on (lag ≤ look-back). As a cheap extra check the plan recounts the whole slice at the end and,
/// if the count exceeds the distinct tids it listed (a pair arrived unseen), reads the slice again
/// (<see cref="MaxRounds"/> rounds, then <see cref="PagingOutcome.Unsettled"/>).</para>
/// <para><b>Cost.</b> About ceil(n / 100) calls for n trades (each cut re-lists the trades of its edge second),
/// plus one recount when the slice has more than one page: fewer than count + n/100 pages + recount.
/// No call reads past page 1, so a count of 100,000,000 is never walked.</para>
/// <para><b>One second with 100 trades or more</b> cannot be cut finer (the platform's resolution is a second). It is
/// paged back to front, with its own count before and after each pass, until the distinct pairs listed since the
/// count last changed reach it: complete, because counts that agree bracket no departure (ties come in any order, so
/// it may take several passes; a pair listed before the count changed never counts, it may be the one that left).
/// <para><b>The end second.</b> The platform does not say whether <c>end_modified</c> is inclusive; every request sends
/// its part's end as it is, and an answer may hold trades of that end second too. They belong to the part after (read
/// whole already, or the next slice), so they only cost a place on the page; the proof above holds under both
/// readings, because each answer holds at least its part.</para> Beyond <see cref="MaxRounds"/> passes it stays
/// <see cref="PagingOutcome.Unsettled"/> and, being minimal, owed.</para>
/// </summary>
public sealed class IncrementPagePlan : ITidPagePlan
{
    public const int DefaultMaxPasses = 3;

    /// <summary>Pages a window may need before it is refused: 200,000 trades in one second is beyond any shop.</summary>
    public const int DefaultMaxPagesPerWindow = 2000;

    private static readonly Duration OneSecond = Duration.FromSeconds(1);

    private enum Phase { Cut, Crowded, Finished }

    private readonly TradeWindow _window;
    private readonly IReadOnlyList<string> _tradeTypes;
    private readonly int _pageSize;
    private readonly int _maxPages;
    private readonly ListedSet _listed = new();
    private readonly PageBadAnswers _bad = new();
    // Sub-windows of the current round still to be read; each is read whole by one answer (or, crowded, paged).
    private readonly Stack<Interval> _unread = new();
    private Phase _phase = Phase.Cut;
    private bool _verifying;
    private int _roundCalls;
    private CrowdedSecond? _crowded;

    public IncrementPagePlan(TradeWindow window, IReadOnlyList<string> tradeTypes, int maxPasses = DefaultMaxPasses, int pageSize = TidPageRequest.MaxPageSize,
        int maxPagesPerWindow = DefaultMaxPagesPerWindow)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Kind != WindowKind.IncrementSlice)
            throw new ArgumentException("An increment plan lists increment slices.", nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPagesPerWindow, 1);
        _window = window;
        _tradeTypes = TradeTypeList.Require(tradeTypes);
        _pageSize = PageSizes.Require(pageSize);
        _maxPages = maxPagesPerWindow;
        MaxRounds = maxPasses;
        _unread.Push(window.Range);
        Rounds = 1;
    }

    /// <summary>Reads of the whole slice allowed before it is <see cref="PagingOutcome.Unsettled"/>.</summary>
    public int MaxRounds { get; }

    /// <summary>Reads of the whole slice started.</summary>
    public int Rounds { get; private set; }

    public PagingOutcome Outcome { get; private set; } = PagingOutcome.Reading;
    public ListAnswerFault? Fault => _bad.Last;
    public int Calls { get; private set; }
    public int Listed => _listed.Tids;

    /// <summary>The slice's count as the platform last gave it (of the whole slice or of a part).</summary>
    public long TotalResults { get; private set; }

    /// <summary>True when <paramref name="modified"/> lies in a part of the slice this round has still to read whole.</summary>
    public bool IsUnread(Instant modified) => _phase != Phase.Finished && !_verifying && _unread.Any(part => part.Contains(modified));

    public TidPageRequest? Next => _phase switch
    {
        Phase.Cut => Request(_verifying ? _window.Range : _unread.Peek(), 1, useHasNext: false),
        Phase.Crowded => _crowded!.Counting
            ? Request(_crowded.Second, 1, useHasNext: false)
            : Request(_crowded.Second, _crowded.Page, useHasNext: true),
        _ => null,
    };

    public bool Shorten()
    {
        if (_phase != Phase.Cut || _verifying) return false;
        var part = _unread.Peek();
        var middle = PlatformTime.FloorToSecond(part.Start + (part.Duration / 2));
        if (middle <= part.Start) return false;
        _unread.Pop();
        _unread.Push(new Interval(part.Start, middle));
        _unread.Push(new Interval(middle, part.End));
        return true;
    }

    public IReadOnlyList<ListedTrade> Accept(TidPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (_phase == Phase.Finished)
            throw new InvalidOperationException("The plan is finished; no page was asked for.");
        Calls++;
        return _phase == Phase.Crowded ? AcceptCrowded(page) : AcceptCut(page);
    }

    private IReadOnlyList<ListedTrade> AcceptCut(TidPage page)
    {
        var part = _verifying ? _window.Range : _unread.Peek();
        if (CheckCount(page, part, 1) is { } fault) return Refuse(fault);
        _bad.Answered();
        _roundCalls++;
        var total = page.TotalResults!.Value;
        TotalResults = total;
        var fresh = _listed.Add(page.Trades);

        if (_verifying)
        {
            _verifying = false;
            // Read whole now, or nothing surfaced unseen: settled. Else this answer is the first cut of a new round.
            if (total <= page.Trades.Count || total <= _listed.Tids) return Finish(PagingOutcome.Settled, fresh);
            if (Rounds >= MaxRounds) return Finish(PagingOutcome.Unsettled, fresh);
            Rounds++;
            _roundCalls = 1;
            _unread.Clear();
            _unread.Push(_window.Range);
        }

        _unread.Pop();
        if (total > page.Trades.Count)
        {
            var oldest = PlatformTime.FloorToSecond(page.Trades[^1].Modified);
            // A gateway that counts end_modified in can fill the page with the end second alone (a crowded second the
            // part before read already): the part's own last second is then read as a crowded unit with it, which
            // lists everything that query serves, under either reading of the end.
            if (oldest >= part.End) oldest = part.End - OneSecond;

            var edge = oldest + OneSecond;
            if (edge < part.End)
            {
                _unread.Push(new Interval(part.Start, edge));
            }
            else
            {
                // The part's last second alone fills the page: it cannot be cut finer.
                if (oldest > part.Start) _unread.Push(new Interval(part.Start, oldest));
                _crowded = new CrowdedSecond(new Interval(oldest, edge));
                _phase = Phase.Crowded;
                return fresh;
            }
        }
        else if (_roundCalls == 1 && part == _window.Range)
        {
            // One answer held the whole slice: read at one instant, nothing could move under it.
            return Finish(PagingOutcome.Settled, fresh);
        }

        return PartDone(fresh);
    }

    private IReadOnlyList<ListedTrade> AcceptCrowded(TidPage page)
    {
        var crowded = _crowded!;
        if (crowded.Counting)
        {
            if (CheckCount(page, crowded.Second, 1) is { } fault) return Refuse(fault);
            _bad.Answered();
            var total = page.TotalResults!.Value;
            TotalResults = total;
            var fresh = _listed.Add(page.Trades);
            // Settled on the pairs listed since the count last changed. Counts that agree bracket no departure: an
            // old second gains no pair (that would need an index lag longer than the look-back), so a pair that left
            // would have lowered the count. So every pair listed within a run of equal counts is still there, and
            // once they are as many as the count, every pair of the second was listed. A pair listed before the
            // count changed never counts: it may be the one that left.
            crowded.Counted(total, page.Trades);
            if (total <= page.Trades.Count || (crowded.Passes > 0 && crowded.SteadyPairs >= total))
            {
                _crowded = null;
                return PartDone(fresh);
            }

            if (crowded.Passes >= MaxRounds) return Finish(PagingOutcome.Unsettled, fresh);
            var lastPage = (total + _pageSize - 1) / _pageSize;
            if (lastPage > _maxPages)
                return Refuse(new ListAnswerFault(ListAnswerFaultKind.BeyondPageBound, 1,
                    $"one second of {_window} counts {total} trades: {lastPage} pages, more than the bound of {_maxPages}"));
            crowded.StartPass((int)lastPage);
            return fresh;
        }

        if (CheckPage(page, crowded.Second, crowded.Page) is { } pageFault) return Refuse(pageFault);
        _bad.Answered();
        var listed = _listed.Add(page.Trades);
        crowded.PageRead(page.Trades);
        return listed;
    }

    private IReadOnlyList<ListedTrade> PartDone(IReadOnlyList<ListedTrade> fresh)
    {
        _phase = Phase.Cut;
        // Every part read whole: recount the slice once, unless it was a single part read at one instant.
        if (_unread.Count == 0) _verifying = true;
        return fresh;
    }

    private IReadOnlyList<ListedTrade> Refuse(ListAnswerFault fault)
    {
        if (_bad.GiveUp(fault)) Finish(PagingOutcome.Refused, []);
        return [];
    }

    private IReadOnlyList<ListedTrade> Finish(PagingOutcome outcome, IReadOnlyList<ListedTrade> fresh)
    {
        Outcome = outcome;
        _phase = Phase.Finished;
        return fresh;
    }

    // A count answer (use_has_next=false, page 1) must be one consistent snapshot: the proof rests on it.
    private ListAnswerFault? CheckCount(TidPage page, Interval part, int pageNo)
    {
        if (page.TotalResults is not { } total)
            return new(ListAnswerFaultKind.MissingCount, pageNo, $"a count of {Describe(part)} came back without total_results");
        if (total < 0)
            return new(ListAnswerFaultKind.NegativeCount, pageNo, $"a count of {Describe(part)} came back as {total}");
        if (page.Trades.Count != Math.Min(total, _pageSize))
            return new(ListAnswerFaultKind.CountDisagreesWithPage, pageNo,
                $"{Describe(part)} counts {total} but page 1 holds {page.Trades.Count} of a page size of {_pageSize}");
        return CheckPage(page, part, pageNo);
    }

    private ListAnswerFault? CheckPage(TidPage page, Interval part, int pageNo)
    {
        if (page.Trades.Count > _pageSize)
            return new(ListAnswerFaultKind.OversizedPage, pageNo, $"{page.Trades.Count} trades on a page of {_pageSize}");
        for (var i = 0; i < page.Trades.Count; i++)
        {
            var trade = page.Trades[i];
            // The end second is allowed: the platform does not say whether end_modified is inclusive. Such a trade
            // belongs to the part after this one (already read whole, or the next slice): listing it again is harmless.
            if (trade.Modified < part.Start || trade.Modified >= part.End + OneSecond)
                return new(ListAnswerFaultKind.TradeOutsideWindow, pageNo, $"tid {trade.Tid} is listed outside {Describe(part)}");
            if (i > 0 && trade.Modified > page.Trades[i - 1].Modified)
                return new(ListAnswerFaultKind.OutOfOrder, pageNo, $"tid {trade.Tid} is newer than the trade before it");
        }

        return null;
    }

    private string Describe(Interval part) =>
        part == _window.Range ? _window.ToString() : $"[{PlatformTime.Format(part.Start)}, {PlatformTime.Format(part.End)}) of {_window}";

    private TidPageRequest Request(Interval part, int pageNo, bool useHasNext) =>
        new(part == _window.Range ? _window : new TradeWindow(_window.ShopId, _window.Stream, _window.Kind, part),
            TidListMethod.IncrementByModified, pageNo, _pageSize, useHasNext, _tradeTypes);

    /// <summary>A second holding a page or more: counted, paged back to front, recounted, pass after pass.</summary>
    private sealed class CrowdedSecond(Interval second)
    {
        public Interval Second { get; } = second;
        public bool Counting { get; private set; } = true;
        public int Page { get; private set; }
        public int Passes { get; private set; }

        private readonly HashSet<ListedTrade> _steady = [];
        private long? _steadyCount;

        /// <summary>Distinct (tid, modified) pairs listed since the count last changed (its answers' pages included).</summary>
        public int SteadyPairs => _steady.Count;

        /// <summary>A count answer: a new count starts a new run of equal counts; an equal one extends it.</summary>
        public void Counted(long count, IReadOnlyList<ListedTrade> page)
        {
            if (_steadyCount != count)
            {
                _steady.Clear();
                _steadyCount = count;
            }

            _steady.UnionWith(page);
        }

        public void StartPass(int lastPage)
        {
            Page = lastPage;
            Passes++;
            Counting = false;
        }

        public void PageRead(IReadOnlyList<ListedTrade> trades)
        {
            _steady.UnionWith(trades);
            Page--;
            if (Page < 1) Counting = true;
        }
    }
}
