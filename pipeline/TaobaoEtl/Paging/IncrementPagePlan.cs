using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// An increment slice [seed]. The list is ordered by <c>modified</c> descending and <c>modified</c> moves
/// while we page: a trade changed during paging leaves the slice (its new <c>modified</c> is after the
/// slice's end), and everything older shifts one place towards page 1. Read front to back, the item that
/// shifts onto an already-read page is missed; read back to front, it shifts onto a page still to come.
/// <list type="number">
/// <item>Count: page 1 with <c>use_has_next=false</c> gives <c>total_results</c> (and page 1 itself).
/// A slice that fits one page is complete in that single answer: one call, no paging (an empty slice
/// costs exactly this one call).</item>
/// <item>Pages: from the last page back to page 1 with <c>use_has_next=true</c>.</item>
/// <item>Recount: page 1 again with <c>use_has_next=false</c>. It is not merged with the pass's page 1:
/// trades that shift from page 2 onto page 1 during the pass would then look like arrivals and cost a
/// whole extra pass on every busy slice; read in the pass, they are already seen.</item>
/// <item>If the slice moved the other way — the count grew, page 1 holds a tid never seen, or fewer
/// distinct tids were seen than the slice now holds (each proves a trade arrived, e.g. shown late by the
/// platform's lagging index) — read it again, back to front, from the new last page.</item>
/// <item>After <see cref="MaxPasses"/> passes that all moved, stop as <see cref="PagingOutcome.Unsettled"/>:
/// the I/O loop halves the slice (<see cref="UnsettledSlicePolicy"/>), whose smaller halves page faster.</item>
/// </list>
/// </summary>
public sealed class IncrementPagePlan : ITidPagePlan
{
    public const int DefaultMaxPasses = 3;

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
    public IncrementPagePlan(TradeWindow window, IReadOnlyList<string> tradeTypes, int maxPasses = DefaultMaxPasses, int pageSize = TidPageRequest.MaxPageSize,
        bool frontToBack = false)
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
    }

    /// <summary>The test-only broken order is on (see the constructor).</summary>
    public bool FrontToBack { get; }

    public int MaxPasses { get; }

    public PagingOutcome Outcome { get; private set; } = PagingOutcome.Reading;
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
                var total = RequireTotal(page);
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
                var total = RequireTotal(page);
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

    private long RequireTotal(TidPage page)
    {
        if (page.TotalResults is not { } total || total < 0)
            throw new InvalidOperationException($"A count of {_window} (use_has_next=false) came back without total_results.");
        return total;
    }

    private TidPageRequest Request(int pageNo, bool useHasNext) =>
        new(_window, TidListMethod.IncrementByModified, pageNo, _pageSize, useHasNext, _tradeTypes);
}
