using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Flow;
using TaobaoEtl.Paging;
using TaobaoEtl.Streams;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// Lists slices' (tid, <c>modified</c>) with the sync's own pager and page plans, so what proves a window complete (the
/// cut by created, the back-to-front read and recount, the halving of a slice that will not settle, the pauses on code
/// 520) proves a reconcile's listing complete too. One pager for every slice of the run, as the sync has one per stream:
/// an overload answer on one slice pauses the shop's listing on all of them. Nothing is written to the window ledger:
/// the listing is a question, not a sync. The pager's test-only broken rules are never applied here, so a reconcile
/// still catches what a deliberately broken sync loses.
/// </summary>
internal sealed class SliceListing
{
    private readonly Dictionary<SyncStream, (TidPager Pager, CountingLister Lister)> _streams;
    private readonly Recorder _recorder = new();

    public SliceListing(TopClient client, PagerRules rules, RunCounters counters, TimeProvider time, ILogger logger)
    {
        var proper = rules with { IncrementFrontToBack = false, WeakSettleRule = false, BackfillByPosition = false };
        // One pager per stream, as the sync has: a 520 names the service behind that list.
        _streams = StreamSpec.All.ToDictionary(spec => spec.Stream, spec =>
        {
            var lister = new CountingLister(spec.Lister(client));
            return (new TidPager(lister, _recorder, counters, proper, time, logger), lister);
        });
    }

    /// <summary>The slice's listing (its trades null when it could not be proven complete: the pager logs why) and its list calls.</summary>
    public async Task<Listed> ListAsync(SyncShop shop, ReconcileSlice slice, CancellationToken cancellationToken)
    {
        var (pager, lister) = _streams[slice.Stream];
        var calls = new StrongBox<int>();
        lister.Calls.Value = calls;
        var trades = new Dictionary<long, Instant>();
        var collect = new ActionBlock<ListedPage>(page =>
        {
            foreach (var trade in page.Trades)
            {
                // A trade listed twice (it moved while the slice was read) keeps its newest version.
                trades[trade.Tid] = trades.TryGetValue(trade.Tid, out var seen) && seen > trade.Modified ? seen : trade.Modified;
            }
        }, new ExecutionDataflowBlockOptions { BoundedCapacity = 8, CancellationToken = cancellationToken });
        var progress = new WindowProgress(shop, slice.ToWindow(), null);
        try
        {
            await pager.ListAsync(progress, collect, cancellationToken);
        }
        finally
        {
            collect.Complete();
        }

        await collect.Completion;
        return new Listed(_recorder.Settled.TryRemove(progress, out _) ? trades : null, calls.Value);
    }

    /// <summary>What a listing gave: the trades (null when it could not be proven complete) and the list calls it made.</summary>
    public sealed record Listed(IReadOnlyDictionary<long, Instant>? Trades, int Calls);

    // The pager tells its ledger how each window ended; a reconcile only needs to know which settled.
    private sealed class Recorder : IListingLedger
    {
        public ConcurrentDictionary<WindowProgress, byte> Settled { get; } = new(ReferenceEqualityComparer.Instance);

        public Task StartAsync(WindowProgress window, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ListedAsync(WindowProgress window, int pages, int tids, CancellationToken cancellationToken)
        {
            Settled[window] = 0;
            return Task.CompletedTask;
        }

        public Task FailedAsync(WindowProgress window, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeadLetterAsync(WindowProgress window, TopException error, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CloseAloneAsync(WindowProgress window, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    // The list calls of the slice being listed, counted in its own async flow (slices are listed concurrently on one pager).
    private sealed class CountingLister(ITidLister inner) : ITidLister
    {
        public AsyncLocal<StrongBox<int>?> Calls { get; } = new();

        public Task<TidPage> ListAsync(TopSession session, TidPageRequest request, CancellationToken cancellationToken)
        {
            if (Calls.Value is { } box) Interlocked.Increment(ref box.Value);
            return inner.ListAsync(session, request, cancellationToken);
        }
    }
}
