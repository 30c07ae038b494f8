using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// A window listed by cuts of its list's key k (<see cref="ListOrder"/>: <c>modified</c> for an increment slice,
/// <c>created</c> for a backfill day), so that it settles only when it is proven complete. The window's plans
/// (<see cref="IncrementPagePlan"/>, <see cref="BackfillPagePlan"/>) say what moves in their list and what that leaves
/// unproven; this is the rule they share.
/// <para><b>Why not pages.</b> The list is ordered by k descending, trades of one second in no stable order between
/// calls. A page is a cut by <i>position</i>: two trades of one second that straddle a page edge can swap between two
/// reads, so even a window that does not change at all can lose one (listed twice, the other never), and in a list
/// that moves while it is read (the increment list) positions move under every change. Counts cannot tell those
/// worlds apart from quiet ones: every answer is the same in both.</para>
/// <para><b>Cut by k instead.</b> Each call asks page 1 of a sub-window [s, e) with <c>use_has_next=false</c>: one
/// answer, so one instant t: the count T and the newest min(T, 100) trades of [s, e) at t. If T fits the page, that
/// answer holds the whole sub-window at t. Otherwise let m be the second of the page's oldest trade: every trade of
/// [s, e) at t with k ≥ m + 1 s ranks before every trade of second m (the order is by k; ties only share a second), so
/// it is on the page. Hence the answer holds all of [m + 1 s, e) at t, and the plan goes on with [s, m + 1 s): the
/// trades of second m are listed again by the next call (the cut's cost). The sub-windows partition the window, and
/// each was read whole at its own instant.</para>
/// <para><b>Theorem.</b> When the plan settles, every (tid, k) pair that was in the window at its first call and is
/// still there at its last one was listed; so was every pair that surfaced in a part of the window still unread at
/// that moment (<see cref="IsUnread"/>). Proof: such a pair lies in exactly one sub-window [a, b), its membership is
/// fixed by its k, which it keeps while it does not change (<c>created</c> never does), and so it was in [a, b) when
/// that sub-window's answer was given, which held all of it. No position is trusted.</para>
/// <para><b>The recount.</b> A pair that surfaces, after a part is read, in that part (the list index lags) leaves no
/// trace in any later answer when nothing else moves the counts; the window's plan says who lists it. As a cheap extra
/// check the plan recounts the whole window at the end and, if the count exceeds the distinct tids it listed (a pair
/// arrived unseen), reads the window again (<see cref="MaxRounds"/> rounds, then <see cref="PagingOutcome.Unsettled"/>).
/// A window that fits one page is read in one answer and needs no recount.</para>
/// <para><b>Cost.</b> About ceil(n / 100) calls for n trades (each cut re-lists the trades of its edge second), plus
/// the recount. No call reads past page 1, so a count of 100,000,000 is never walked.</para>
/// <para><b>One second with 100 trades or more</b> cannot be cut finer (the platform's resolution is a second). It is
/// paged back to front, with its own count before and after each pass, until the distinct (tid, k) pairs listed since
/// the count last changed reach it: complete, because counts that agree bracket no departure (ties come in any order,
/// so it may take several passes; a pair listed before the count changed never counts, it may be the one that left).
/// Pairs, not trades: a trade of a crowded <c>created</c> second that changes its <c>modified</c> during the passes is
/// still one pair. Ties come in a fresh order on every call, so a pass may list only part of the second (about two
/// thirds of it under a full shuffle: each page is a fresh draw of 100) and collecting it all takes about
/// (n / 100)·ln n pages, the coupon collector's cost; a fixed number of passes would leave a complete second owed for
/// good. So the rule is progress, not a pass count: the second is paged while its passes add pairs to the steady ones
/// or change the count, and is <see cref="PagingOutcome.Owed"/> after <see cref="MaxIdlePasses"/> passes in a
/// row that do neither, or when its calls would pass the page bound (a count that never stops changing): owed, not
/// unsettled, because a halved window holds the same second. A pass ends
/// early once the steady pairs reach the count: the count it then asks settles the second if it agrees.</para>
/// <para><b>The end second.</b> The platform does not say whether the end (<c>end_modified</c>, <c>end_created</c>) is
/// inclusive; every request sends its part's end as it is, and an answer may hold trades of that end second too. They
/// belong to the part after (read whole already, or the next window), so they only cost a place on the page; the proof
/// holds under both readings, because each answer holds at least its part.</para>
/// </summary>
internal sealed class CutPagePlan : ITidPagePlan
{
    private static readonly Duration OneSecond = Duration.FromSeconds(1);

    /// <summary>
    /// Passes in a row that add no pair (and change no count) before a crowded second is owed. Under a full shuffle a
    /// pass of p = ceil(n / 100) pages and its count misses one given pair with probability q = (1 − 100/n)^(p + 1)
    /// ≤ 1/e (0.31 at n = 1000), so a second that is complete but for its last pair is given up with probability
    /// about q^K: 3 % at K = 3 (an 11-11 with three such seconds would be owed in about one run of ten), 0.3 % at K = 5.
    /// A second that cannot be completed costs K passes more than collecting what it shows: 50 calls at n = 900,
    /// within the page bound. <c>CrowdedSecondProgressTests</c> measures both.
    /// </summary>
    public const int MaxIdlePasses = 5;

    private enum Phase { Cut, Crowded, Finished }

    private readonly TradeWindow _window;
    private readonly ListOrder _order;
    private readonly IReadOnlyList<string> _tradeTypes;
    private readonly int _pageSize;
    private readonly int _maxPages;
    private readonly bool _boundWholeWindow;
    private readonly ListedSet _listed = new();
    private readonly PageBadAnswers _bad = new();
    // Sub-windows of the current round still to be read; each is read whole by one answer (or, crowded, paged).
    private readonly Stack<Interval> _unread = new();
    private Phase _phase = Phase.Cut;
    private bool _verifying;
    private int _roundCalls;
    private CrowdedSecond? _crowded;

    /// <param name="boundWholeWindow">
    /// Refuse the window at once when its own count needs more than <paramref name="maxPages"/> pages (a backfill day's
    /// bound); otherwise the bound holds for one crowded second only.
    /// </param>
    public CutPagePlan(TradeWindow window, ListOrder order, IReadOnlyList<string> tradeTypes, int maxRounds, int pageSize, int maxPages,
        bool boundWholeWindow)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        _window = window;
        _order = order;
        _tradeTypes = TradeTypeList.Require(tradeTypes);
        _pageSize = PageSizes.Require(pageSize);
        _maxPages = maxPages;
        _boundWholeWindow = boundWholeWindow;
        MaxRounds = maxRounds;
        _unread.Push(window.Range);
        Rounds = 1;
    }

    /// <summary>Reads of the whole window allowed before it is <see cref="PagingOutcome.Unsettled"/>.</summary>
    public int MaxRounds { get; }

    /// <summary>Reads of the whole window started.</summary>
    public int Rounds { get; private set; }

    public PagingOutcome Outcome { get; private set; } = PagingOutcome.Reading;
    public ListAnswerFault? Fault => _bad.Last;
    public int Calls { get; private set; }
    public int Listed => _listed.Tids;

    /// <summary>The window's count as the platform last gave it (of the whole window or of a part).</summary>
    public long TotalResults { get; private set; }

    /// <summary>True when <paramref name="key"/> lies in a part of the window this round has still to read whole.</summary>
    public bool IsUnread(Instant key) => _phase != Phase.Finished && !_verifying && _unread.Any(part => part.Contains(key));

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
        var total = page.TotalResults!.Value;
        if (_boundWholeWindow && part == _window.Range && (total + _pageSize - 1) / _pageSize > _maxPages)
            return Refuse(new ListAnswerFault(ListAnswerFaultKind.BeyondPageBound, 1,
                $"{_window} counts {total} trades: more than {_maxPages} pages (Sync:MaxPagesPerWindow)"));
        _bad.Answered();
        _roundCalls++;
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
            var oldest = PlatformTime.FloorToSecond(Key(page.Trades[^1]));
            // A gateway that counts the end in can fill the page with the end second alone (a crowded second the part
            // before read already): the part's own last second is then read as a crowded unit with it, which lists
            // everything that query serves, under either reading of the end.
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
            // One answer held the whole window: read at one instant, nothing could move under it.
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
            // count changed never counts: it may be the one that left. (By created no pair ever leaves a second, so
            // counts that agree bracket no arrival either.)
            crowded.Counted(total, Pairs(page.Trades));
            if (total <= page.Trades.Count || (crowded.Passes > 0 && crowded.SteadyTrades >= total))
            {
                _crowded = null;
                return PartDone(fresh);
            }

            // Ties come in a fresh order on every call: each page is a fresh draw of the second's trades, and a pass
            // lists only part of them (about two thirds under a full shuffle). So the second is paged while its passes
            // still add pairs; passes that add nothing, MaxIdlePasses in a row, make it owed (see MaxIdlePasses).
            if (crowded.IdlePasses >= MaxIdlePasses) return Finish(PagingOutcome.Owed, fresh);
            var lastPage = (total + _pageSize - 1) / _pageSize;
            if (crowded.Calls + lastPage + 1 > _maxPages)
            {
                // One pass and its count would pass the bound: refused at once; later passes, owed at the bound.
                if (crowded.Passes > 0) return Finish(PagingOutcome.Owed, fresh);
                return Refuse(new ListAnswerFault(ListAnswerFaultKind.BeyondPageBound, 1,
                    $"one second of {_window} counts {total} trades: {lastPage} pages, more than the bound of {_maxPages}"));
            }

            crowded.StartPass((int)lastPage);
            return fresh;
        }

        if (CheckPage(page, crowded.Second, crowded.Page) is { } pageFault) return Refuse(pageFault);
        _bad.Answered();
        var listed = _listed.Add(page.Trades);
        crowded.PageRead(Pairs(page.Trades));
        return listed;
    }

    private IReadOnlyList<ListedTrade> PartDone(IReadOnlyList<ListedTrade> fresh)
    {
        _phase = Phase.Cut;
        // Every part read whole: recount the window once, unless it was a single part read at one instant.
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

    // CheckPage has refused every trade without a key before a key is read.
    private Instant Key(ListedTrade trade) => _order.KeyOf(trade)!.Value;

    private IEnumerable<(long Tid, Instant Key)> Pairs(IReadOnlyList<ListedTrade> trades) => trades.Select(trade => (trade.Tid, Key(trade)));

    // A count answer (use_has_next=false, page 1) must be one consistent snapshot: the proof rests on it.
    private ListAnswerFault? CheckCount(TidPage page, Interval part, int pageNo)
    {
        // First: the unnamed items are out of the page, so its count would read as disagreeing with it.
        if (MissingIds(page, part, pageNo) is { } unnamed) return unnamed;
        if (page.TotalResults is not { } total)
            return new(ListAnswerFaultKind.MissingCount, pageNo, $"a count of {Describe(part)} came back without total_results");
        if (total < 0)
            return new(ListAnswerFaultKind.NegativeCount, pageNo, $"a count of {Describe(part)} came back as {total}");
        if (page.Trades.Count != Math.Min(total, _pageSize))
            return new(ListAnswerFaultKind.CountDisagreesWithPage, pageNo,
                $"{Describe(part)} counts {total} but page 1 holds {page.Trades.Count} of a page size of {_pageSize}");
        return CheckPage(page, part, pageNo);
    }

    private ListAnswerFault? MissingIds(TidPage page, Interval part, int pageNo) =>
        page.Unnamed > 0
            ? new(ListAnswerFaultKind.MissingId, pageNo, $"{page.Unnamed} listed without {_order.IdField} in {Describe(part)}")
            : null;

    private ListAnswerFault? CheckPage(TidPage page, Interval part, int pageNo)
    {
        if (MissingIds(page, part, pageNo) is { } unnamed) return unnamed;
        if (page.Trades.Count > _pageSize)
            return new(ListAnswerFaultKind.OversizedPage, pageNo, $"{page.Trades.Count} trades on a page of {_pageSize}");
        Instant? before = null;
        foreach (var trade in page.Trades)
        {
            // The end second is allowed: the platform does not say whether the end is inclusive. Such a trade belongs
            // to the part after this one (already read whole, or the next window): listing it again is harmless.
            if (_order.KeyOf(trade) is not { } key || key < part.Start || key >= part.End + OneSecond)
                return new(ListAnswerFaultKind.TradeOutsideWindow, pageNo, $"{_order.IdField} {trade.Tid} is listed with {_order.Field} outside {Describe(part)}");
            if (key > before)
                return new(ListAnswerFaultKind.OutOfOrder, pageNo, $"{_order.IdField} {trade.Tid} is newer by {_order.Field} than the trade before it");
            before = key;
        }

        return null;
    }

    private string Describe(Interval part) =>
        part == _window.Range ? _window.ToString() : $"[{PlatformTime.Format(part.Start)}, {PlatformTime.Format(part.End)}) of {_window}";

    private TidPageRequest Request(Interval part, int pageNo, bool useHasNext) =>
        new(part == _window.Range ? _window : new TradeWindow(_window.ShopId, _window.Stream, _window.Kind, part),
            _order.Method, pageNo, _pageSize, useHasNext, _tradeTypes);

    /// <summary>A second holding a page or more: counted, paged back to front, recounted, pass after pass.</summary>
    private sealed class CrowdedSecond(Interval second)
    {
        public Interval Second { get; } = second;
        public bool Counting { get; private set; } = true;
        public int Page { get; private set; }
        public int Passes { get; private set; }

        /// <summary>Calls spent on this second: its counts and its pages.</summary>
        public int Calls { get; private set; }

        /// <summary>Passes in a row, up to the last count, that changed no count and added no pair to the steady ones.</summary>
        public int IdlePasses { get; private set; }

        // Tids, not (tid, key) pairs: a trade that moved within the second's request (its key m, then the end second m + 1,
        // which the answers may hold) is one trade of the count; counted twice it would stand in for a tie never listed.
        private readonly HashSet<long> _steady = [];
        private long? _steadyCount;
        private int _steadyAtLastCount;

        /// <summary>Distinct trades listed since the count last changed (its answers' pages included).</summary>
        public int SteadyTrades => _steady.Count;

        /// <summary>A count answer: a new count starts a new run of equal counts; an equal one extends it.</summary>
        public void Counted(long count, IEnumerable<(long, Instant)> page)
        {
            Calls++;
            var changed = _steadyCount != count;
            if (changed)
            {
                _steady.Clear();
                _steadyCount = count;
            }

            _steady.UnionWith(page.Select(pair => pair.Item1));
            if (Passes > 0) IdlePasses = changed || _steady.Count > _steadyAtLastCount ? 0 : IdlePasses + 1;
            _steadyAtLastCount = _steady.Count;
        }

        public void StartPass(int lastPage)
        {
            Page = lastPage;
            Passes++;
            Counting = false;
        }

        public void PageRead(IEnumerable<(long, Instant)> trades)
        {
            Calls++;
            _steady.UnionWith(trades.Select(pair => pair.Item1));
            Page--;
            // The steady pairs already reach the count: the rest of the pass can add nothing the proof needs, so the
            // count that closes the run is asked now (it settles the second if it agrees).
            if (Page < 1 || _steady.Count >= _steadyCount) Counting = true;
        }
    }
}
