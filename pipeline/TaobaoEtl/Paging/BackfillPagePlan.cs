using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// A backfill day, listed from <c>taobao.trades.sold.get</c> by cuts of <c>created</c> (<see cref="CutPagePlan"/>: each
/// call is page 1 of a part of the day, and the next part ends at the oldest second of the page just read), so that it
/// settles only when it is proven complete.
/// <para><b>Why not pages.</b> The list is ordered by <c>created</c> descending, and trades created in the same second
/// come in no stable order between calls. Paged forward by position, two such trades that straddle the edge of pages k
/// and k + 1 can swap between the two calls: one is listed twice, the other never, and a backfill day is never listed
/// again (at the Double 11 peak a shop creates many trades a second, so such ties sit on many page edges).</para>
/// <para><b>What moves.</b> <c>created</c> never changes, so a trade's part of the day is fixed for good: changes
/// (a new <c>modified</c>) move nothing, and the theorem of <see cref="CutPagePlan"/> says that a settled day listed
/// every trade the index showed at its first call, and every trade that surfaced in a part still unread
/// (<see cref="IsUnread"/>). Only a creation the lagging index shows after its part was read can be missed; it was
/// created at most the index lag before it surfaced, so its <c>modified</c> lies after the increment watermark minus
/// the look-back, and the increments list it (lag ≤ look-back, the premise the look-back rests on). The recount at
/// the end catches it when the counts show it. A crowded second (100 trades or more created in it) is paged with
/// counts until its distinct trades reach the count, while its passes add trades (a past second's set is fixed, so
/// its count never changes; ties shuffled on every call make it take several passes), and is owed after
/// <see cref="CutPagePlan.MaxIdlePasses"/> passes that add none.</para>
/// <para><b>Bad answers</b> are refused, never followed: no count, a negative one or one that disagrees with its page
/// (an empty page claiming more), more trades than asked, trades out of order or outside the part asked (a page
/// repeated whatever was asked), a trade without <c>created</c>; each is asked again
/// (<see cref="ListAnswerFault.MaxBadAnswers"/>), then the day is owed. A day whose count needs more than
/// <c>Sync:MaxPagesPerWindow</c> pages is owed at once.</para>
/// <para><b>Cost.</b> About ceil(n / 100) calls for n trades, plus the edge seconds' re-listing and one recount when the
/// day has more than one page (<c>BackfillTiePropertyTests</c> measures it).</para>
/// </summary>
public sealed class BackfillPagePlan : ITidPagePlan
{
    private readonly CutPagePlan _cut;

    public BackfillPagePlan(TradeWindow window, IReadOnlyList<string> tradeTypes, int pageSize = TidPageRequest.MaxPageSize,
        int maxPagesPerWindow = IncrementPagePlan.DefaultMaxPagesPerWindow, int maxRounds = IncrementPagePlan.DefaultMaxPasses)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Kind != WindowKind.BackfillDay)
            throw new ArgumentException("A backfill plan lists backfill days.", nameof(window));
        _cut = new CutPagePlan(window, ListOrder.ByCreated, tradeTypes, maxRounds, pageSize, maxPagesPerWindow, boundWholeWindow: true);
    }

    public PagingOutcome Outcome => _cut.Outcome;
    public ListAnswerFault? Fault => _cut.Fault;
    public int Calls => _cut.Calls;
    public int Listed => _cut.Listed;
    public TidPageRequest? Next => _cut.Next;

    /// <summary>True when <paramref name="created"/> lies in a part of the day this round has still to read whole.</summary>
    public bool IsUnread(Instant created) => _cut.IsUnread(created);

    /// <summary>Halves the pending part of the day: a shorter span of <c>created</c> is a lighter query.</summary>
    public bool Shorten() => _cut.Shorten();

    public IReadOnlyList<ListedTrade> Accept(TidPage page) => _cut.Accept(page);
}
