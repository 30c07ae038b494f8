using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// TEST-ONLY: the positional rules the product used before issue 15, kept so the chaos harness can show it catches
/// the trades they lose (<c>Sync:Testing:WeakSettleRule</c>, <c>Sync:Testing:IncrementPagingFrontToBack</c>);
/// production slices use <see cref="IncrementPagePlan"/>.
/// <list type="number">
/// <item>Count: page 1 with <c>use_has_next=false</c>; a slice that fits one page is complete in that answer.</item>
/// <item>Pages: from the last page back to page 1 with <c>use_has_next=true</c> (or, front to back, 1 → last once).</item>
/// <item>Recount; settle when the count did not grow, page 1 holds no unseen tid and the distinct tids seen reach the
/// count. That is the weak rule: an insertion that pushes a trade onto a read page, with a departure that keeps the
/// count, settles with that trade never listed (issue 15's counter-example, <c>SettleRuleTests</c>).</item>
/// </list>
/// </summary>
internal sealed class PositionalPagePlan : ITidPagePlan
{
    private enum Phase { Count, Pages, Recount, Finished }

    private readonly TradeWindow _window;
    private readonly IReadOnlyList<string> _tradeTypes;
    private readonly int _pageSize;
    private readonly ListedSet _listed = new();
    private Phase _phase = Phase.Count;
    private long _total;
    private int _page;
    private int _lastPage;

    /// <param name="frontToBack">
    /// TEST-ONLY (<c>Sync:Testing:IncrementPagingFrontToBack</c>): read the pages 1 → last once and stop, the naive
    /// order the platform rule forbids. It exists so the chaos harness can show that it catches the trades this loses.
    /// </param>
    private readonly int _maxPages;
    private readonly PageBadAnswers _bad = new();

    public PositionalPagePlan(TradeWindow window, IReadOnlyList<string> tradeTypes, int maxPasses = IncrementPagePlan.DefaultMaxPasses,
        int pageSize = TidPageRequest.MaxPageSize, bool frontToBack = false, int maxPagesPerWindow = IncrementPagePlan.DefaultMaxPagesPerWindow)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Kind != WindowKind.IncrementSlice)
            throw new ArgumentException("An increment plan lists increment slices.", nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPasses, 1);
        _window = window;
        _tradeTypes = TradeTypeList.Require(tradeTypes);
        _pageSize = PageSizes.Require(pageSize);
        MaxPasses = maxPasses;
        FrontToBack = frontToBack;
        _maxPages = maxPagesPerWindow;
    }

    /// <summary>The test-only broken order is on (see the constructor).</summary>
    public bool FrontToBack { get; }

    public int MaxPasses { get; }

    public PagingOutcome Outcome { get; private set; } = PagingOutcome.Reading;
    public ListAnswerFault? Fault => _bad.Last;

    public bool Shorten() => false;
    public int Calls { get; private set; }
    public int Listed => _listed.Tids;

    /// <summary>Back-to-front passes started (a settled one-page slice has none).</summary>
    public int Passes { get; private set; }

    /// <summary>The slice's count as the platform last gave it.</summary>
    public long TotalResults => _total;

    public TidPageRequest? Next => _phase switch
    {
        Phase.Count or Phase.Recount => Request(1, useHasNext: false),
        Phase.Pages => Request(_page, useHasNext: true),
        _ => null,
    };

    public IReadOnlyList<ListedTrade> Accept(TidPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (_phase == Phase.Finished)
            throw new InvalidOperationException("The plan is finished; no page was asked for.");
        Calls++;
        switch (_phase)
        {
            case Phase.Count:
            {
                if (CountFault(page) is { } fault) return Refuse(fault);
                var total = page.TotalResults!.Value;
                var fresh = _listed.Add(page.Trades);
                _total = total;
                if (HoldsWholeSlice(total, page)) Finish(PagingOutcome.Settled);
                else StartPass(total);
                return fresh;
            }

            case Phase.Pages:
            {
                var fresh = _listed.Add(page.Trades);
                if (FrontToBack)
                {
                    // The broken order trusts one forward pass: no recount, so nothing notices a shifted trade.
                    if (++_page > _lastPage) Finish(PagingOutcome.Settled);
                    return fresh;
                }

                _page--;
                if (_page < 1) _phase = Phase.Recount;
                return fresh;
            }

            default:
            {
                if (CountFault(page) is { } fault) return Refuse(fault);
                var total = page.TotalResults!.Value;
                var arrived = page.Trades.Any(trade => !_listed.HasSeen(trade.Tid));
                var fresh = _listed.Add(page.Trades);
                var grew = total > _total;
                var unseenRemain = _listed.Tids < total;
                _total = total;
                if (HoldsWholeSlice(total, page) || !(grew || arrived || unseenRemain))
                    Finish(PagingOutcome.Settled);
                else if (Passes >= MaxPasses)
                    Finish(PagingOutcome.Unsettled);
                else
                    StartPass(total);
                return fresh;
            }
        }
    }

    // One answer that holds every trade of the slice was read atomically: nothing could shift under it.
    private bool HoldsWholeSlice(long total, TidPage page) => total == 0 || (total <= _pageSize && page.Trades.Count >= total);

    private void StartPass(long total)
    {
        if ((total + _pageSize - 1) / _pageSize > _maxPages)
        {
            // Walking a count the platform cannot serve would burn the quota: halve the slice instead.
            Finish(PagingOutcome.Unsettled);
            return;
        }

        Passes++;
        _lastPage = checked((int)((total + _pageSize - 1) / _pageSize));
        _page = FrontToBack ? 1 : _lastPage;
        _phase = Phase.Pages;
    }

    private void Finish(PagingOutcome outcome)
    {
        Outcome = outcome;
        _phase = Phase.Finished;
    }

    private IReadOnlyList<ListedTrade> Refuse(ListAnswerFault fault)
    {
        if (_bad.GiveUp(fault)) Finish(PagingOutcome.Refused);
        return [];
    }

    private ListAnswerFault? CountFault(TidPage page) => page.TotalResults switch
    {
        null => new(ListAnswerFaultKind.MissingCount, 1, $"a count of {_window} came back without total_results"),
        < 0 => new(ListAnswerFaultKind.NegativeCount, 1, $"a count of {_window} came back as {page.TotalResults}"),
        _ => null,
    };

    private TidPageRequest Request(int pageNo, bool useHasNext) =>
        new(_window, TidListMethod.IncrementByModified, pageNo, _pageSize, useHasNext, _tradeTypes);
}
