using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// TEST-ONLY: the backfill plan before the cut by <c>created</c>, kept so the harnesses can show they catch the trades
/// it loses (<c>Sync:Testing:BackfillPagingByPosition</c>); production days use <see cref="BackfillPagePlan"/>.
/// It pages the day forward by position, <c>use_has_next=true</c> from page 1 until <c>has_next=false</c>, on the
/// belief that <c>created</c>, which never changes, makes that safe. It is not: trades created in the same second come
/// in no stable order between calls, and two that straddle a page edge can swap, one listed twice and one never.
/// Its bad-answer rules: a page without <c>has_next</c>, an empty page or one that repeats the listed trades while
/// claiming more, more trades than asked are asked again (<see cref="ListAnswerFault.MaxBadAnswers"/>), then the day
/// is owed; a day needing more than <c>Sync:MaxPagesPerWindow</c> pages is owed at once.
/// </summary>
internal sealed class PositionalBackfillPlan : ITidPagePlan
{
    private readonly TradeWindow _window;
    private readonly IReadOnlyList<string> _tradeTypes;
    private readonly int _pageSize;
    private readonly int _maxPages;
    private readonly ListedSet _listed = new();
    private readonly PageBadAnswers _bad = new();
    private int _page = 1;

    public PositionalBackfillPlan(TradeWindow window, IReadOnlyList<string> tradeTypes, int pageSize = TidPageRequest.MaxPageSize,
        int maxPagesPerWindow = IncrementPagePlan.DefaultMaxPagesPerWindow)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Kind != WindowKind.BackfillDay)
            throw new ArgumentException("A backfill plan lists backfill days.", nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPagesPerWindow, 1);
        _window = window;
        _tradeTypes = TradeTypeList.Require(tradeTypes);
        _pageSize = PageSizes.Require(pageSize);
        _maxPages = maxPagesPerWindow;
    }

    public PagingOutcome Outcome { get; private set; } = PagingOutcome.Reading;
    public ListAnswerFault? Fault => _bad.Last;
    public int Calls { get; private set; }
    public int Listed => _listed.Tids;

    public TidPageRequest? Next => Outcome == PagingOutcome.Reading
        ? new TidPageRequest(_window, TidListMethod.SoldByCreated, _page, _pageSize, UseHasNext: true, _tradeTypes)
        : null;

    public bool Shorten() => false;

    public IReadOnlyList<ListedTrade> Accept(TidPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (Outcome != PagingOutcome.Reading)
            throw new InvalidOperationException("The plan is finished; no page was asked for.");
        Calls++;
        if (Check(page) is { } fault)
        {
            if (_bad.GiveUp(fault)) Outcome = PagingOutcome.Refused;
            return [];
        }

        _bad.Answered();
        var fresh = _listed.Add(page.Trades);
        if (page.HasNext == true) _page++;
        else Outcome = PagingOutcome.Settled;
        return fresh;
    }

    private ListAnswerFault? Check(TidPage page)
    {
        if (page.HasNext is not { } hasNext)
            return new(ListAnswerFaultKind.MissingHasNext, _page, $"page {_page} of {_window} came without has_next");
        if (page.Trades.Count > _pageSize)
            return new(ListAnswerFaultKind.OversizedPage, _page, $"{page.Trades.Count} trades on a page of {_pageSize}");
        if (!hasNext) return null;
        if (page.Trades.Count == 0)
            return new(ListAnswerFaultKind.EmptyPageClaimsMore, _page, $"page {_page} of {_window} is empty but has_next=true");
        if (page.Trades.All(_listed.HasListed))
            return new(ListAnswerFaultKind.PageRepeats, _page, $"page {_page} of {_window} lists only trades already listed, and has_next=true");
        if (_page >= _maxPages)
            return new(ListAnswerFaultKind.BeyondPageBound, _page, $"{_window} has more than {_maxPages} pages (Sync:MaxPagesPerWindow)");
        return null;
    }
}
