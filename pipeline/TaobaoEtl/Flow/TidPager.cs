using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using TaobaoEtl.Paging;
using TaobaoEtl.Streams;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Flow;

/// <summary>
/// Lists one window with its page plan and sends each page's new trades on. The rules are the plans'; this loop
/// only makes the calls and says what became of the window:
/// <list type="bullet">
/// <item>listed: every part settled (a slice that could not be proven complete is listed again as its halves);</item>
/// <item>owed (failed, not done, so the watermark waits for it): the plan refused the platform's answers, a minimal
/// slice never settled, the trade service stayed overloaded through <see cref="PagerRules.MaxOverloadRetries"/>
/// pauses, or the list calls kept failing after the client's own retries;</item>
/// <item>a dead letter: a caller error on a list call.</item>
/// </list>
/// An overload answer (code 520) pauses every list call of that shop for <see cref="PagerRules.OverloadPause"/>,
/// shortens the pending call's window and asks again; a call that keeps failing with a platform answer backs off
/// (doubling) and shortens too. Everything else (ban, quota, session, credentials, the gateway unreachable, cancellation)
/// propagates: it concerns the run, not the window.
/// </summary>
internal sealed class TidPager(
    ITidLister lister,
    IListingLedger ledger,
    RunCounters counters,
    PagerRules rules,
    TimeProvider time,
    ILogger logger)
{
    private readonly ShopListingPause _pauses = new(time);

    public async Task ListAsync(WindowProgress progress, ITargetBlock<ListedPage> next, CancellationToken cancellationToken)
    {
        var window = progress.Window;
        await ledger.StartAsync(progress, cancellationToken);
        var listing = new Listing();
        string? owed;
        try
        {
            owed = await ListRangeAsync(progress, window, listing, next, cancellationToken);
        }
        catch (TopException ex) when (ex.Kind == TopErrorKind.CallerError)
        {
            FlowLog.WindowDeadLetter(logger, window.ToString(), ex.SubCode, ex.RequestId);
            await ledger.DeadLetterAsync(progress, ex, cancellationToken);
            counters.WindowFailed();
            counters.DeadLetter();
            return;
        }

        if (owed is not null)
        {
            // The trades already sent on still commit; the window itself is never done, so nothing is accepted unproven.
            PagerLog.WindowOwed(logger, window.ToString(), owed);
            await ledger.FailedAsync(progress, cancellationToken);
            counters.WindowFailed();
            return;
        }

        await ledger.ListedAsync(progress, listing.Pages, listing.Tids.Count, cancellationToken);
        if (progress.MarkListed(listing.Tids.Count))
            await ledger.CloseAloneAsync(progress, cancellationToken);
    }

    /// <summary>Lists <paramref name="range"/>; null when it settled, else why the window is owed.</summary>
    private async Task<string?> ListRangeAsync(WindowProgress progress, TradeWindow range, Listing listing,
        ITargetBlock<ListedPage> next, CancellationToken cancellationToken)
    {
        var plan = TidPagePlan.For(range, TradeTypes.All, rules.MaxPasses, rules.IncrementFrontToBack, rules.WeakSettleRule, rules.MaxPagesPerWindow,
            rules.BackfillByPosition);
        var shopId = progress.Shop.ShopId;
        ListAnswerFault? seenFault = null;
        while (plan.Next is { } request)
        {
            await _pauses.WaitAsync(shopId, cancellationToken);
            TidPage page;
            try
            {
                page = await lister.ListAsync(progress.Shop.Session, request, cancellationToken);
            }
            catch (TopException ex) when (ex.Kind == TopErrorKind.Overloaded)
            {
                if (++listing.Overloads > rules.MaxOverloadRetries)
                    return $"the trade service stayed overloaded (code {ex.Code}, {ex.SubCode}) through {rules.MaxOverloadRetries} pauses";
                _pauses.Pause(shopId, rules.OverloadPause);
                var shortened = plan.Shorten();
                PagerLog.Overloaded(logger, shopId, ex.SubCode, range.ToString(), rules.OverloadPause, shortened, listing.Overloads, rules.MaxOverloadRetries);
                continue;
            }
            catch (TopException ex) when (IsWindowFailure(ex))
            {
                if (++listing.Failures > rules.MaxListFailures)
                    return $"its list calls kept failing ({ex.Kind}: {ex.Message}) through {rules.MaxListFailures} retries";
                var pause = rules.FailurePause(listing.Failures);
                var shortened = plan.Shorten();
                PagerLog.ListFailed(logger, range.ToString(), ex.Kind.ToString(), ex.Message, pause, shortened, listing.Failures, rules.MaxListFailures);
                await Task.Delay(pause, time, cancellationToken);
                continue;
            }

            // Only failures in a row count against the window: the trade service answered, so it is not staying overloaded,
            // and a list call that works again is no failing one (at the peak 5% of calls meet 520 across a long listing).
            listing.Overloads = 0;
            listing.Failures = 0;
            listing.Pages++;
            var fresh = plan.Accept(page);
            if (plan.Fault is { } fault && !ReferenceEquals(fault, seenFault))
            {
                seenFault = fault;
                if (plan.Outcome == PagingOutcome.Reading) PagerLog.AnswerRefused(logger, range.ToString(), fault.ToString());
            }

            foreach (var trade in fresh) listing.Tids.Add(trade.Tid);
            progress.AddListed(fresh.Count);
            counters.Page(fresh.Count);
            if (fresh.Count > 0 && !await next.SendAsync(new ListedPage(progress, fresh), cancellationToken))
                throw new OperationCanceledException("The known filter stopped taking pages.", cancellationToken);
        }

        FlowLog.Listed(logger, range.ToString(), plan.Calls, plan.Listed, plan.Outcome.ToString());
        switch (plan.Outcome)
        {
            case PagingOutcome.Refused:
                return $"the platform's list answers stayed wrong ({plan.Fault})";
            case PagingOutcome.Owed:
                return $"{range} holds a second of {TidPageRequest.MaxPageSize} trades or more (a full page) that could not be proven complete";
            case PagingOutcome.Unsettled:
            {
                var halves = UnsettledSlicePolicy.Replan(range);
                if (halves.Count == 0)
                    return $"{range} could not be proven complete and is too short to halve";
                FlowLog.Halved(logger, range.ToString());
                foreach (var half in halves)
                {
                    if (await ListRangeAsync(progress, half, listing, next, cancellationToken) is { } owed) return owed;
                }

                return null;
            }

            default:
                return null;
        }
    }

    // A failure of this window's query, which a shorter window and a pause can cure: the platform answered that the
    // service behind it failed (isp.*), an unknown code, or a body that is no answer. A failure with no platform answer
    // (connection, timeout, 5xx, the breaker open) concerns the whole gateway: it stops the run (exit 69) as before,
    // rather than failing every window one by one through their back-offs.
    private static bool IsWindowFailure(TopException error) => error.Kind switch
    {
        TopErrorKind.Transient => error.SubCode is not null,
        TopErrorKind.Unrecognized or TopErrorKind.MalformedAnswer => true,
        _ => false,
    };

    /// <summary>What one window's listing has counted across its parts and halves.</summary>
    private sealed class Listing
    {
        public HashSet<long> Tids { get; } = [];
        public int Pages { get; set; }
        public int Overloads { get; set; }
        public int Failures { get; set; }
    }
}
