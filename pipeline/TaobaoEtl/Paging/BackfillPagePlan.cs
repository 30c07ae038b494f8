using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// A backfill day [seed]: listed by <c>created</c>, which never changes, so paging forward cannot miss a
/// trade and needs no count: <c>use_has_next=true</c> from page 1 until <c>has_next=false</c>.
/// </summary>
public sealed class BackfillPagePlan : ITidPagePlan
{
    private readonly TradeWindow _window;
    private readonly IReadOnlyList<string> _tradeTypes;
    private readonly int _pageSize;
    private readonly ListedSet _listed = new();
    private int _page = 1;

    public BackfillPagePlan(TradeWindow window, IReadOnlyList<string> tradeTypes, int pageSize = TidPageRequest.MaxPageSize)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Kind != WindowKind.BackfillDay)
            throw new ArgumentException("A backfill plan lists backfill days.", nameof(window));
        _window = window;
        _tradeTypes = TradeTypeList.Require(tradeTypes);
        _pageSize = PageSizes.Require(pageSize);
    }

    public PagingOutcome Outcome { get; private set; } = PagingOutcome.Reading;
    public int Calls { get; private set; }
    public int Listed => _listed.Tids;

    public TidPageRequest? Next => Outcome == PagingOutcome.Reading
        ? new TidPageRequest(_window, TidListMethod.SoldByCreated, _page, _pageSize, UseHasNext: true, _tradeTypes)
        : null;

    public IReadOnlyList<ListedTrade> Accept(TidPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (Outcome != PagingOutcome.Reading)
            throw new InvalidOperationException("The plan is finished; no page was asked for.");
        Calls++;
        var fresh = _listed.Add(page.Trades);
        if (page.HasNext && page.Trades.Count == 0)
        {
            // An empty page that claims more would loop forever: the answer is wrong, not the plan.
            throw new InvalidOperationException($"Page {_page} of {_window} is empty but has_next=true.");
        }

        if (page.HasNext) _page++;
        else Outcome = PagingOutcome.Settled;
        return fresh;
    }
}
