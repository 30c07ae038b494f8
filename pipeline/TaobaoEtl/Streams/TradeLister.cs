using NodaTime;
using TaobaoEtl.Paging;
using TaobaoEtl.Top;

namespace TaobaoEtl.Streams;

/// <summary>The trade stream's list calls: a page plan's request as a <see cref="TopClient"/> trade list call, and its answer as a <see cref="TidPage"/>.</summary>
internal sealed class TradeLister(TopClient client) : ITidLister
{
    public async Task<TidPage> ListAsync(TopSession session, TidPageRequest request, CancellationToken cancellationToken)
    {
        TradeListQuery window = request.Method switch
        {
            TidListMethod.SoldByCreated => new SoldTradesQuery(request.Window.Start, request.Window.End),
            TidListMethod.IncrementByModified => new IncrementTradesQuery(request.Window.Start, request.Window.End),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Method, "Unknown list method."),
        };
        var answer = await client.GetTradePageAsync(session, window with
        {
            PageNo = request.PageNo, PageSize = request.PageSize, UseHasNext = request.UseHasNext,
            Fields = request.Fields, Types = request.TradeTypes,
        }, cancellationToken);

        // A trade listed without modified can never be vouched for by the known filter: the oldest instant makes it
        // always fetched (and an increment plan, which needs modified to cut the slice, refuses the page). Created
        // stays null when left out: a backfill plan, which cuts the day by it, refuses such a page.
        var trades = answer.Trades.Select(t => new ListedTrade(t.Tid, t.Modified ?? Instant.MinValue, t.Created)).ToList();
        // has_next stays null when the answer left it out: the plans refuse such a page instead of ending there.
        return new TidPage(trades, answer.HasNext, answer.TotalResults);
    }
}
