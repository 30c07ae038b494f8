using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Flow;
using TaobaoEtl.Paging;
using TaobaoEtl.Streams;
using TaobaoEtl.Top;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// Lists one slice's (tid, <c>modified</c>) with the sync's own pager and page plans, so what proves a window complete
/// (the cut by created, the back-to-front read and recount, the halving of a slice that will not settle, the pauses on
/// code 520) proves a reconcile's listing complete too. Nothing is written to the window ledger: the listing is a
/// question, not a sync. The pager's test-only broken rules are never applied here, so a reconcile still catches what a
/// deliberately broken sync loses.
/// </summary>
internal sealed class SliceListing(TopClient client, PagerRules rules, RunCounters counters, TimeProvider time, ILogger logger)
{
    /// <summary>The slice's listing (its trades null when it could not be proven complete: the pager logs why) and its call count.</summary>
    public async Task<Listed> ListAsync(SyncShop shop, ReconcileSlice slice, CancellationToken cancellationToken)
    {
        var lister = new CountingLister(StreamSpec.Trades.Lister(client));
        var recorder = new Recorder();
        var pager = new TidPager(lister, recorder, counters, rules with { IncrementFrontToBack = false, WeakSettleRule = false, BackfillByPosition = false },
            time, logger);
        var trades = new Dictionary<long, Instant>();
        var collect = new ActionBlock<ListedPage>(page =>
        {
            foreach (var trade in page.Trades)
            {
                // A trade listed twice (it moved while the slice was read) keeps its newest version.
                trades[trade.Tid] = trades.TryGetValue(trade.Tid, out var seen) && seen > trade.Modified ? seen : trade.Modified;
            }
        }, new ExecutionDataflowBlockOptions { BoundedCapacity = 8, CancellationToken = cancellationToken });
        try
        {
            await pager.ListAsync(new WindowProgress(shop, slice.ToWindow(), null), collect, cancellationToken);
        }
        finally
        {
            collect.Complete();
        }

        await collect.Completion;
        return recorder.Settled ? new Listed(trades, lister.Calls) : new Listed(null, lister.Calls);
    }

    /// <summary>What a listing gave: the trades (null when it could not be proven complete) and the list calls it made.</summary>
    public sealed record Listed(IReadOnlyDictionary<long, Instant>? Trades, int Calls);

    private sealed class CountingLister(ITidLister inner) : ITidLister
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<TidPage> ListAsync(TopSession session, TidPageRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.ListAsync(session, request, cancellationToken);
        }
    }

    // The pager tells its ledger how the window ended; a reconcile only needs to know whether it settled.
    private sealed class Recorder : IListingLedger
    {
        public bool Settled { get; private set; }

        public Task StartAsync(WindowProgress window, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ListedAsync(WindowProgress window, int pages, int tids, CancellationToken cancellationToken)
        {
            Settled = true;
            return Task.CompletedTask;
        }

        public Task FailedAsync(WindowProgress window, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeadLetterAsync(WindowProgress window, TopException error, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CloseAloneAsync(WindowProgress window, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
