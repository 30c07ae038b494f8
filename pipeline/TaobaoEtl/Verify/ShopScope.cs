using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Verify;

/// <summary>
/// What one shop's staging tables must hold, decided from its sync state: the pure in-scope and pending rule.
/// </summary>
/// <param name="ShopId">The <c>etl.shop</c> id.</param>
/// <param name="SellerNick">The nick that matches the platform's shop (the truth names shops by nick).</param>
/// <param name="BackfillFrom">Start of the first backfill day: trades created in [BackfillFrom, InitialWatermark) are the backfill's.</param>
/// <param name="InitialWatermark">Where the backfill ended and increments began: trades modified at or after it are the increments'.</param>
/// <param name="Watermark">How far the last committed increment reached.</param>
/// <param name="LookBack">How far before the watermark the next increment starts reading again.</param>
/// <param name="RefundWatermark">How far the refund stream reached (the trade watermark when the shop has no refund watermark).</param>
public sealed record ShopScope(
    string ShopId, string? SellerNick, Instant BackfillFrom, Instant InitialWatermark, Instant Watermark, Duration LookBack, Instant RefundWatermark,
    Duration? RefundLookBack = null)
{
    /// <summary>
    /// Changes at or after this instant are pending. A change just before the watermark may have reached the
    /// platform's list index only after the last run listed its slice (the index lags by minutes, 25 at the
    /// Double 11 peak); the pipeline's answer to that is the next run's look-back, so until that run a change
    /// newer than watermark − look-back is not owed yet. Older changes are: each was in the index when some
    /// committed run listed it.
    /// </summary>
    public Instant PendingFrom => PlatformTime.FloorToSecond(Watermark - LookBack);

    /// <summary>
    /// Refund changes at or after this instant are not owed yet (same reasoning as <see cref="PendingFrom"/>). The refund
    /// stream's next increment plans from its own watermark, so its look-back is its own (a peak day near one watermark and
    /// not the other widens one only).
    /// </summary>
    public Instant RefundPendingFrom => PlatformTime.FloorToSecond(RefundWatermark - (RefundLookBack ?? LookBack));

    /// <summary>Whether the pipeline is responsible for this trade at all (the backfill's by creation, or the increments' by change).</summary>
    public bool Covers(Instant created, Instant modified) =>
        (created >= BackfillFrom && created < InitialWatermark) || modified >= InitialWatermark;

    /// <summary>
    /// Whether a trade whose latest change is <paramref name="modified"/> may still be absent or older in staging.
    /// When the truth says when the list index showed that change (<paramref name="indexedAt"/>), that decides: the
    /// last committed increment listed every slice up to <see cref="Watermark"/> at a platform instant at or after
    /// the watermark, so a change the index showed before the watermark was listed by it (and is owed, however
    /// recent its <c>modified</c>); one shown at or after the watermark may have come after that listing, and the
    /// next run's look-back is what reads it. Without it, the band from watermark − look-back (as wide as the
    /// look-back, 30 minutes at the peak) stands in.
    /// </summary>
    public bool IsPending(Instant modified, Instant? indexedAt = null) =>
        indexedAt is { } shown ? shown >= Watermark : modified >= PendingFrom;

    /// <summary>
    /// Whether a refund last changed at <paramref name="modified"/> must be in staging. The refund stream has no list by
    /// created: its backfill lists the refunds changed in the backfill's days and its increments those changed since, so it
    /// owes every refund changed from <see cref="BackfillFrom"/> until <see cref="RefundPendingFrom"/>, whatever its trade's
    /// scope (a refund changes after its trade was created, so every refund of a backfilled trade is among them).
    /// </summary>
    public bool OwesRefund(Instant modified) => modified >= BackfillFrom && modified < RefundPendingFrom;

    /// <summary>
    /// Resolves a shop's scope: an override of <paramref name="scope"/> first, then the database (the shop's backfill
    /// days in <c>etl.window</c> and watermarks in <c>etl.sync_state</c>), then the defaults a first run would use.
    /// </summary>
    /// <param name="ledgerBackfill">[first day start, last day end) of the shop's trade backfill days in <c>etl.window</c>, any status; null when none.</param>
    /// <param name="platformNow">The platform's now: "today" when nothing else says where the backfill ended, and the next increment's peak test.</param>
    public static ShopScope Derive(string shopId, string? sellerNick, Interval? ledgerBackfill, Instant? tradeWatermark, Instant? refundWatermark,
        VerifyScope scope, Instant platformNow)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentNullException.ThrowIfNull(scope);
        var initial = scope.InitialWatermark ?? ledgerBackfill?.End ?? IncrementSlicer.InitialWatermark(platformNow);
        Instant backfillFrom;
        if (scope.BackfillDays is { } days) backfillFrom = BackfillCalendar.Days(shopId, initial, days)[0].Start;
        else if (scope.InitialWatermark is null && ledgerBackfill is { } ledger) backfillFrom = ledger.Start;
        else backfillFrom = BackfillCalendar.Days(shopId, initial, scope.Sync.BackfillDays)[0].Start;

        var watermark = scope.Watermark ?? tradeWatermark ?? initial;
        // The look-back the shop's next increment would use if it ran now: peak days widen it.
        var lookBack = scope.LookBack ?? new IncrementSlicer(scope.Sync).Plan(shopId, watermark, platformNow).LookBack;
        var refunds = refundWatermark ?? watermark;
        var refundLookBack = scope.LookBack ?? new IncrementSlicer(scope.Sync).Plan(shopId, refunds, platformNow, SyncStream.Refund).LookBack;
        return new ShopScope(shopId, sellerNick, backfillFrom, initial, watermark, lookBack, refunds, refundLookBack);
    }

    public override string ToString() =>
        $"{ShopId} ({SellerNick}): created [{PlatformTime.Format(BackfillFrom)}, {PlatformTime.Format(InitialWatermark)}) or modified since " +
        $"{PlatformTime.Format(InitialWatermark)}; pending from {PlatformTime.Format(PendingFrom)} (watermark {PlatformTime.Format(Watermark)} − {LookBack.TotalMinutes:0.#} min)";
}
