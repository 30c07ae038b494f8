using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// An increment slice, listed by cuts of <c>modified</c> so that it settles only when it is proven complete (issue 15,
/// loss path 1). The cut, its proof, the recount and crowded seconds are <see cref="CutPagePlan"/>'s; this says what
/// moves in the increment list while it is read and what that leaves unproven.
/// <para><b>What moves.</b> The list is ordered by <c>modified</c> descending, and the slice moves while it is read:
/// late-indexed changes surface anywhere in it, trades leave it (changed past its end) or move forward in it. Paged by
/// position, a trade that never changed can be pushed from an unread page onto a read one (an insertion ahead of it)
/// and no count notices when a departure keeps the total (the counter-example). Cut by <c>modified</c>, a
/// trade's part is fixed by its <c>modified</c> while it does not change, so the theorem of <see cref="CutPagePlan"/>
/// holds: when the plan settles, every (tid, <c>modified</c>) pair that was in the slice at its first call and is still
/// there at its last one was listed, and so was every pair that surfaced in a part still unread (<see cref="IsUnread"/>).</para>
/// <para><b>What no plan can prove.</b> A pair that surfaces, after a part is read, in that part (the index lags,
/// or a trade moves forward within the slice) leaves no trace in any later answer when a departure keeps the
/// counts: every rule misses it in one world and not the other. Such a pair became visible after this slice's
/// listing began, so its <c>modified</c> is at least "that moment − the index lag", later than the watermark
/// this run can reach minus the look-back: the next increment lists it again, on the same premise the look-back
/// already rests on (lag ≤ look-back). The recount at the end catches it when the counts show it.</para>
/// <para><b>Cost.</b> About ceil(n / 100) calls for n trades, plus one recount when the slice has more than one page:
/// fewer than count + n/100 pages + recount. A slice that stays Unsettled beyond <see cref="MaxRounds"/> is halved
/// (<see cref="UnsettledSlicePolicy"/>) and, being minimal, owed.</para>
/// <para><b>Refunds</b> (issue 18) are listed by this plan too, from <c>taobao.refunds.receive.get</c>
/// (<see cref="TidListMethod.RefundsByModified"/>): that list is ordered by <c>modified</c> descending and filtered by
/// <c>start_modified</c>/<c>end_modified</c> like the increment list, and a refund's <c>modified</c> moves while it is
/// read like a trade's, so everything above holds with <c>refund_id</c> for <c>tid</c>. Refunds have no list by
/// <c>created</c>, so a refund backfill day is a window of <c>modified</c> as well (either kind is taken): a refund that
/// changes while its day is read leaves the day for today, which the refund increment lists. Nothing here rests on the
/// trade list's one-day span limit (the plan sends its window as given; the refund list documents no such limit, and
/// backfill days and slices are at most one day anyway), nor on <c>created</c>, which refund pages do not carry.</para>
/// </summary>
public sealed class IncrementPagePlan : ITidPagePlan
{
    public const int DefaultMaxPasses = 3;

    /// <summary>Pages a window may need before it is refused: 200,000 trades in one second is beyond any shop.</summary>
    public const int DefaultMaxPagesPerWindow = 2000;

    private readonly CutPagePlan _cut;

    public IncrementPagePlan(TradeWindow window, IReadOnlyList<string> tradeTypes, int maxPasses = DefaultMaxPasses, int pageSize = TidPageRequest.MaxPageSize,
        int maxPagesPerWindow = DefaultMaxPagesPerWindow)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Stream == SyncStream.Trade && window.Kind != WindowKind.IncrementSlice)
            throw new ArgumentException("An increment plan lists increment slices (or refund windows).", nameof(window));
        // The bound is a crowded second's: a slice with many pages is cut, never walked, so it needs none of its own.
        _cut = new CutPagePlan(window, OrderOf(window), tradeTypes, maxPasses, pageSize, maxPagesPerWindow, boundWholeWindow: false);
    }

    // A refund window of either kind reads the refund list; a trade slice the increment list. Both are by modified.
    private static ListOrder OrderOf(TradeWindow window) =>
        window.Stream == SyncStream.Refund ? ListOrder.RefundsByModified : ListOrder.ByModified;

    /// <summary>Reads of the whole slice allowed before it is <see cref="PagingOutcome.Unsettled"/>.</summary>
    public int MaxRounds => _cut.MaxRounds;

    /// <summary>Reads of the whole slice started.</summary>
    public int Rounds => _cut.Rounds;

    public PagingOutcome Outcome => _cut.Outcome;
    public ListAnswerFault? Fault => _cut.Fault;
    public int Calls => _cut.Calls;
    public int Listed => _cut.Listed;

    /// <summary>The slice's count as the platform last gave it (of the whole slice or of a part).</summary>
    public long TotalResults => _cut.TotalResults;

    public TidPageRequest? Next => _cut.Next;

    /// <summary>True when <paramref name="modified"/> lies in a part of the slice this round has still to read whole.</summary>
    public bool IsUnread(Instant modified) => _cut.IsUnread(modified);

    public bool Shorten() => _cut.Shorten();

    public IReadOnlyList<ListedTrade> Accept(TidPage page) => _cut.Accept(page);
}
