using NodaTime;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Verify;

/// <summary>
/// Which shops <see cref="TruthVerifier"/> checks and what it may expect of them. Every value has a default
/// derived from the database (the backfill days in <c>etl.window</c>, the watermark in <c>etl.sync_state</c>),
/// so a caller usually sets nothing; the overrides exist for harnesses that know better (a chaos run that
/// froze the clock, a test with a short backfill).
/// </summary>
/// <remarks>
/// The in-scope rule follows the platform's documented limits (see <see cref="ShopScope"/>): the backfill covers
/// trades <em>created</em> in its days before the initial watermark; increments cover trades <em>modified</em>
/// since the initial watermark. A change is <c>pending</c> when the platform's list index showed it at or after
/// the watermark (the truth's <c>indexed_at</c>): the last increment could not list it, the next one's look-back
/// reads it. A truth without <c>indexed_at</c> falls back to the band from <c>watermark − look-back</c>.
/// </remarks>
public sealed record VerifyScope
{
    /// <summary>Every shop of <c>etl.shop</c>, with the defaults.</summary>
    public static VerifyScope AllShops => new();

    /// <summary>The <c>etl.shop</c> ids to verify; empty = every shop in <c>etl.shop</c>.</summary>
    public IReadOnlyList<string> ShopIds { get; init; } = [];

    /// <summary>
    /// The sync settings the pipeline runs with: <see cref="SyncOptions.BackfillDays"/> when the ledger has no
    /// backfill days, and the look-back (normal or peak, <see cref="SyncOptions.PeakDays"/>) the next increment uses.
    /// </summary>
    public SyncOptions Sync { get; init; } = new();

    /// <summary>Days the backfill covers before <see cref="InitialWatermark"/>; null = the shop's backfill rows in <c>etl.window</c>, else <see cref="SyncOptions.BackfillDays"/>.</summary>
    public int? BackfillDays { get; init; }

    /// <summary>
    /// Where the backfill ended and increments began (today 00:00 of the first run, <c>IncrementSlicer.InitialWatermark</c>);
    /// null = the end of the shop's last backfill day in <c>etl.window</c>, else 00:00 of the platform's today.
    /// </summary>
    public Instant? InitialWatermark { get; init; }

    /// <summary>How far the last committed increment reached, for every shop; null = each shop's trade watermark in <c>etl.sync_state</c>, else the initial watermark.</summary>
    public Instant? Watermark { get; init; }

    /// <summary>How far before the watermark changes count as pending; null = the look-back the next increment of the shop would use.</summary>
    public Duration? LookBack { get; init; }

    /// <summary>Most offenders the report lists (the counts are always complete).</summary>
    public int OffenderLimit { get; init; } = 100;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ShopIds);
        ArgumentNullException.ThrowIfNull(Sync);
        if (BackfillDays is < 1 or > 92) throw new ArgumentOutOfRangeException(nameof(BackfillDays), BackfillDays, "must be in [1, 92]");
        if (LookBack is { } lookBack && lookBack < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(LookBack), "must not be negative");
        if (OffenderLimit < 0) throw new ArgumentOutOfRangeException(nameof(OffenderLimit), OffenderLimit, "must not be negative");
        if (ShopIds.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("Shop ids must not be blank.", nameof(ShopIds));
    }
}
