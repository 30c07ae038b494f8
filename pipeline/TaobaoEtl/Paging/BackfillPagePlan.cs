using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// A backfill day [seed]: listed by <c>created</c>, which never changes, so paging forward cannot miss a
/// trade and needs no count: <c>use_has_next=true</c> from page 1 until <c>has_next=false</c>.
/// An answer that cannot be followed is refused, not guessed at: a page without <c>has_next</c> (taking it as the
/// end lost the rest of the day), an empty page or one that repeats the listed trades while claiming more (following
/// it loops), more trades than asked; each is asked again (<see cref="ListAnswerFault.MaxBadAnswers"/>), then the
/// day is owed. A day needing more than <c>Sync:MaxPagesPerWindow</c> pages is owed at once.
/// </summary>
public sealed class BackfillPagePlan : ITidPagePlan
{
    private readonly TradeWindow _window;
    private readonly IReadOnlyList<string> _tradeTypes;
    private readonly int _pageSize;
    private readonly int _maxPages;
    private readonly ListedSet _listed = new();
    private readonly PageBadAnswers _bad = new();
    private int _page = 1;

    public BackfillPagePlan(TradeWindow window, IReadOnlyList<string> tradeTypes, int pageSize = TidPageRequest.MaxPageSize,
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
    public bool IsUnread(NodaTime.Instant created) => false;

    public TidPageRequest? Next => Outcome == PagingOutcome.Reading
        ? new TidPageRequest(_window, TidListMethod.SoldByCreated, _page, _pageSize, UseHasNext: true, _tradeTypes)
        : null;

    /// <summary>A day is one query by <c>created</c>; shortening it would not lighten the platform's load.</summary>
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
