using NodaTime;
using Npgsql;
using TaobaoEtl.Paging;
using TaobaoEtl.State;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Fetch;

/// <summary>
/// Splits a listed page into the trades that need <c>taobao.trade.fullinfo.get</c> and those whose stored
/// copy is known current (<see cref="KnownFilterRule"/>), with one read of the stored versions per page.
/// For <see cref="SyncStream.Refund"/> the page lists refunds (<see cref="ListedTrade.Tid"/> carries the refund_id),
/// the stored copies are <c>staging.refund</c>'s and the detail call skipped is <c>taobao.refund.get</c>: a refund's
/// <c>modified</c> has the same one-second resolution, so the same rule holds.
/// </summary>
/// <param name="brokenSkipRule">Test-only (<c>Sync:Testing:TrustDateHeader</c>): no clock skew, as before issue 15.</param>
/// <param name="stream">What the pages list: trades (the default) or refunds.</param>
public sealed class KnownFilter(NpgsqlDataSource dataSource, bool brokenSkipRule = false, SyncStream stream = SyncStream.Trade)
{
    private readonly Duration _skew = brokenSkipRule ? Duration.Zero : KnownFilterRule.ClockSkew;
    private readonly StoredVersions _stored = new(dataSource);

    /// <summary>What the pages this filter splits list.</summary>
    public SyncStream Stream => stream;

    public async Task<KnownFilterResult> SplitAsync(string shopId, IReadOnlyList<ListedTrade> page, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentNullException.ThrowIfNull(page);
        if (page.Count == 0) return new KnownFilterResult([], []);

        var stored = await _stored.ReadAsync(shopId, stream, page.Select(trade => trade.Tid).ToHashSet(), cancellationToken);
        var toFetch = new List<ListedTrade>(page.Count);
        var skipped = new List<ListedTrade>();
        foreach (var trade in page)
        {
            var copy = stored.TryGetValue(trade.Tid, out var found) ? new KnownFilterStoredCopy(found.Modified, found.FetchedAt) : (KnownFilterStoredCopy?)null;
            (KnownFilterRule.IsKnownCurrent(trade.Modified, copy, _skew) ? skipped : toFetch).Add(trade);
        }

        return new KnownFilterResult(toFetch, skipped);
    }
}
