using NodaTime;
using TaobaoEtl.Paging;
using TaobaoEtl.Top;

namespace TaobaoEtl.Streams;

/// <summary>
/// A refund page plan's request (<see cref="TidListMethod.RefundsByModified"/>) as a <c>taobao.refunds.receive.get</c>
/// call, and its answer as a <see cref="TidPage"/> whose items are refunds: <see cref="ListedTrade.Tid"/> holds the
/// <c>refund_id</c>, <see cref="ListedTrade.Created"/> stays null (refunds are cut by <c>modified</c> only).
/// </summary>
internal sealed class RefundLister(TopClient client) : ITidLister
{
    public async Task<TidPage> ListAsync(TopSession session, TidPageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != TidListMethod.RefundsByModified)
            throw new ArgumentOutOfRangeException(nameof(request), request.Method, "The refund lister makes refund list calls only.");
        // Every type explicitly (the method's default is two types) and no status (every status); status stays unset.
        var answer = await client.GetRefundsReceivedAsync(session, new RefundsReceivedQuery(request.Window.Start, request.Window.End)
        {
            PageNo = request.PageNo, PageSize = request.PageSize, UseHasNext = request.UseHasNext,
            Fields = request.Fields, Types = request.TradeTypes,
        }, cancellationToken);
        return ToPage(answer);
    }

    /// <summary>
    /// The answer as a page. A refund without <c>refund_id</c> (or not an object) cannot be fetched: it is left out and
    /// counted in <see cref="TidPage.Unnamed"/>, and the plan refuses the page (asks again, then owes the window). A refund
    /// without <c>modified</c> is listed at the oldest instant: the plan, which cuts the window by it, refuses the page too.
    /// </summary>
    internal static TidPage ToPage(RefundPage answer)
    {
        var refunds = new List<ListedTrade>(answer.Refunds.Count);
        var unnamed = 0;
        foreach (var refund in answer.Refunds)
        {
            if (refund.RefundId is { } refundId) refunds.Add(new ListedTrade(refundId, refund.Modified ?? Instant.MinValue, Created: null));
            else unnamed++;
        }

        // has_next stays null when the answer left it out: the plans refuse such a page instead of ending there.
        return new TidPage(refunds, answer.HasNext, answer.TotalResults, unnamed);
    }
}
