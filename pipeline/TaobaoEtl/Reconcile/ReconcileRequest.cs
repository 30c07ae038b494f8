using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// What <c>reconcile</c> checks: the last <see cref="Days"/> platform days (or <see cref="From"/>–<see cref="To"/>) by
/// created at <see cref="Depth"/>, the last <see cref="FullDays"/> of them in full whatever their count, and the recent
/// hours by modified.
/// </summary>
public sealed record ReconcileRequest
{
    public ReconcileDepth Depth { get; init; } = ReconcileDepth.Count;

    /// <summary>Days before today to check (the default: <c>Sync:BackfillDays</c>, so every day a backfill holds); 0: none, the recent hours only.</summary>
    public int? Days { get; init; }

    /// <summary>First day of an explicit range (with <see cref="To"/>), in the platform's zone.</summary>
    public LocalDate? From { get; init; }

    /// <summary>Last day of an explicit range, included.</summary>
    public LocalDate? To { get; init; }

    /// <summary>The newest days of the range diffed in full even when their count agrees (the demo: the last day).</summary>
    public int FullDays { get; init; }

    /// <summary>How far back the check by modified reaches (zero: not at all).</summary>
    public Duration RecentHours { get; init; } = Duration.FromHours(48);

    /// <summary>Longest slice of the check by modified (at most the platform's one day).</summary>
    public Duration RecentSliceLength { get; init; } = Duration.FromHours(4);

    /// <summary>The recent hours' refunds are checked too (<c>refunds.receive.get</c> by modified, against <c>staging.refund</c>).</summary>
    public bool RecentRefunds { get; init; } = true;

    /// <summary>
    /// The check by modified reaches the platform's now and nothing is pending: degraded mode's hourly check stands in for
    /// the increments that stopped, so no change is left to them.
    /// </summary>
    public bool UpToNow { get; init; }
}

/// <summary>What <c>resync</c> re-lists: [<see cref="From"/>, <see cref="To"/>) by created or by modified (refunds: always by modified).</summary>
public sealed record ResyncRequest(Instant From, Instant To, SliceListBy By, bool Force)
{
    /// <summary>The streams re-listed: trades by default.</summary>
    public IReadOnlyList<SyncStream> Streams { get; init; } = [SyncStream.Trade];

    /// <summary>Longest slice by modified (at most the platform's one day).</summary>
    public Duration SliceLength { get; init; } = Duration.FromHours(4);
}
