using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// One stretch of one shop a reconcile checks: a half-open [start, end) on whole seconds, listed by created (a day, a resync
/// by created) or by modified (the recent hours, a resync by modified). It lists through the same page plans as the sync,
/// so the settle rules that keep a sync from missing a trade keep the check from missing one too.
/// </summary>
public sealed record ReconcileSlice
{
    public ReconcileSlice(string shopId, ReconcileSliceKind kind, SliceListBy listBy, Interval range, SyncStream stream = SyncStream.Trade)
    {
        if (stream == SyncStream.Refund && listBy == SliceListBy.Created)
            throw new ArgumentException("Refunds have no list by created: a refund slice is listed by modified.", nameof(listBy));
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        if (!range.HasStart || !range.HasEnd || range.End <= range.Start)
            throw new ArgumentException("A slice needs a start and a later end.", nameof(range));
        ShopId = shopId;
        Kind = kind;
        ListBy = listBy;
        Range = range;
        Stream = stream;
    }

    public string ShopId { get; }
    public ReconcileSliceKind Kind { get; }
    public SliceListBy ListBy { get; }

    /// <summary>Trades (the default) or refunds (listed by modified with <c>refunds.receive.get</c>; ids are refund_ids).</summary>
    public SyncStream Stream { get; }
    public Interval Range { get; }

    /// <summary>
    /// The window the sync's pager lists it as: a backfill day's plan (forward by created, cut by created) or an increment
    /// slice's (back to front by modified, recounted until it settles).
    /// </summary>
    public TradeWindow ToWindow() =>
        new(ShopId, Stream, ListBy == SliceListBy.Created ? WindowKind.BackfillDay : WindowKind.IncrementSlice, Range);

    public override string ToString() =>
        $"{ShopId}/{(Stream == SyncStream.Refund ? "refunds " : "")}{Kind.ToString().ToLowerInvariant()} by {ListBy.ToString().ToLowerInvariant()} [{PlatformTime.Format(Range.Start)}, {PlatformTime.Format(Range.End)})";
}
