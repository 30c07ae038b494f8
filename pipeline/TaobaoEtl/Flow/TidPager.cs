using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Paging;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Flow;

/// <summary>
/// Lists one window with its page plan (backfill forward, increment count → back to front → recount) and
/// sends each page's new trades on. A slice that never settles is listed again as its halves, all counted
/// to the window. A caller error on a list call records the window as a dead letter and leaves it
/// unfinished, so the watermark waits for it; every other failure faults the pipeline.
/// </summary>
internal sealed class TidPager(
    TopClient client,
    WindowLedger ledger,
    WindowCloser closer,
    RunCounters counters,
    Func<SinkBatch, CancellationToken, Task> writeAlone,
    IClock clock,
    int maxPasses,
    bool incrementFrontToBack,
    ILogger logger)
{
    public async Task ListAsync(WindowProgress progress, ITargetBlock<ListedPage> next, CancellationToken cancellationToken)
    {
        var window = progress.Window;
        await ledger.StartListingAsync(window, progress.RunId, cancellationToken);
        var tids = new HashSet<long>();
        var pages = 0;
        try
        {
            pages = await ListRangeAsync(progress, window, tids, next, cancellationToken);
        }
        catch (TopException ex) when (ex.Kind == TopErrorKind.CallerError)
        {
            FlowLog.WindowDeadLetter(logger, window.ToString(), ex.SubCode, ex.RequestId);
            var letter = DeadLetter.ForWindow(window.ShopId, window.Range, ex.Method, clock.GetCurrentInstant()) with
            {
                Code = ex.Code, SubCode = ex.SubCode, SubMsg = ex.SubMsg, RequestId = ex.RequestId,
            };
            await writeAlone(new SinkBatch { DeadLetters = [letter], RunId = progress.RunId }, cancellationToken);
            await ledger.MarkFailedAsync(window, cancellationToken);
            counters.WindowFailed();
            counters.DeadLetter();
            return;
        }

        await ledger.MarkListedAsync(window, pages, tids.Count, cancellationToken);
        if (progress.MarkListed(tids.Count))
            await closer.CloseAloneAsync(progress, cancellationToken);
    }

    private async Task<int> ListRangeAsync(WindowProgress progress, TradeWindow range, HashSet<long> tids,
        ITargetBlock<ListedPage> next, CancellationToken cancellationToken)
    {
        var plan = TidPagePlan.For(range, TradeTypes.All, maxPasses, incrementFrontToBack);
        while (plan.Next is { } request)
        {
            var page = await CallAsync(progress.Shop.Session, request, cancellationToken);
            var fresh = plan.Accept(page);
            foreach (var trade in fresh) tids.Add(trade.Tid);
            progress.AddListed(fresh.Count);
            counters.Page(fresh.Count);
            if (fresh.Count > 0 && !await next.SendAsync(new ListedPage(progress, fresh), cancellationToken))
                throw new OperationCanceledException("The known filter stopped taking pages.", cancellationToken);
        }

        var pages = plan.Calls;
        FlowLog.Listed(logger, range.ToString(), plan.Calls, plan.Listed, plan.Outcome.ToString());
        if (plan.Outcome == PagingOutcome.Unsettled)
        {
            var halves = UnsettledSlicePolicy.Replan(range);
            if (halves.Count > 0) FlowLog.Halved(logger, range.ToString());
            foreach (var half in halves)
                pages += await ListRangeAsync(progress, half, tids, next, cancellationToken);
        }

        return pages;
    }

    private async Task<TidPage> CallAsync(TopSession session, TidPageRequest request, CancellationToken cancellationToken)
    {
        var answer = request.Method switch
        {
            TidListMethod.SoldByCreated => await client.GetSoldTidsAsync(session,
                new SoldTradesQuery(request.Window.Start, request.Window.End)
                {
                    PageNo = request.PageNo, PageSize = request.PageSize, UseHasNext = request.UseHasNext,
                    Fields = TidPageRequest.Fields, Types = request.TradeTypes,
                }, cancellationToken),
            TidListMethod.IncrementByModified => await client.GetIncrementTidsAsync(session,
                new IncrementTradesQuery(request.Window.Start, request.Window.End)
                {
                    PageNo = request.PageNo, PageSize = request.PageSize, UseHasNext = request.UseHasNext,
                    Fields = TidPageRequest.Fields, Types = request.TradeTypes,
                }, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Method, "Unknown list method."),
        };

        // A trade listed without modified can never be vouched for by the known filter: the oldest instant
        // makes it always fetched.
        var trades = answer.Trades.Select(t => new ListedTrade(t.Tid, t.Modified ?? Instant.MinValue)).ToList();
        return new TidPage(trades, answer.HasNext ?? false, answer.TotalResults);
    }
}
