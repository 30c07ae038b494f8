using System.ComponentModel.DataAnnotations;

namespace TaobaoEtl.Configuration;

/// <summary>The knobs of the sync pipeline.</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>
    /// The most days before today the backfill covers. It never reaches before the platform's horizon
    /// (today minus 3 calendar months, 00:00), which holds 89 to 92 days: the default 92 always covers all
    /// the platform serves; a smaller value stops earlier.
    /// </summary>
    [Range(1, 92)]
    public int BackfillDays { get; set; } = 92;

    /// <summary>How far an increment starts before the watermark (the seed: about 10 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The look-back in peak mode (the seed: about 30 minutes on Double 11).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PeakLookBack { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Force peak mode regardless of the date.</summary>
    public bool PeakMode { get; set; }

    /// <summary>Days (MM-dd, platform zone) on which peak mode switches on by itself.</summary>
    public PeakDay[] PeakDays { get; set; } = [new(11, 11), new(12, 12)];

    /// <summary>Longest increment slice; the platform allows one day and recommends 30 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SliceLength { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Reads of one increment slice while its recount finds more trades than were listed (trades surfaced late where
    /// it had been read); after the last one the slice is halved, and a slice of one minute is owed.
    /// </summary>
    [Range(1, 10)]
    public int MaxSlicePasses { get; set; } = 3;

    /// <summary>
    /// Pages one window may need: a backfill day with more fails (owed), and so does a single second of an increment
    /// slice (slices are cut by <c>modified</c>, never walked page by page). The platform documents no bound; this is ours.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPagesPerWindow { get; set; } = 2000;

    /// <summary>How long a shop's listing pauses when the trade service answers code 520 (the platform says 3 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OverloadPause { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Overload answers one window may take (each a pause and a shorter window) before it fails, owed.</summary>
    [Range(0, 100)]
    public int MaxOverloadRetries { get; set; } = 5;

    /// <summary>The first back-off of a window whose list call failed after the client's retries; it doubles per failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ListFailurePause { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>List failures (after the client's retries) one window may take before it fails, owed.</summary>
    [Range(0, 20)]
    public int MaxListFailures { get; set; } = 3;

    /// <summary>Trades per sink batch.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2000;

    /// <summary>A batch is flushed when it is this old even if not full.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Sinks writing in parallel.</summary>
    [Range(1, 32)]
    public int ParallelSinks { get; set; } = 2;

    /// <summary>Concurrent detail calls; 0 sizes it from the quota.</summary>
    [Range(0, 1024)]
    public int DetailConcurrency { get; set; }

    /// <summary>
    /// Degraded mode [seed 002: 接口调用失败率超5%时自动降级为每小时全量拉取]: a shop whose increments keep failing more than
    /// <see cref="DegradedFailureRatio"/> of their calls stops incrementing and gets an hourly full reconcile of its recent
    /// hours instead. On by default; off, <c>increment</c> keeps hammering whatever its failures.
    /// </summary>
    public bool DegradedMode { get; set; } = true;

    /// <summary>The failure ratio (failed call attempts / all) over which an increment counts toward degraded mode.</summary>
    [Range(0.001, 1.0)]
    public double DegradedFailureRatio { get; set; } = 0.05;

    /// <summary>Increments in a row over the ratio that put a shop in degraded mode.</summary>
    [Range(1, 100)]
    public int DegradedAfterRuns { get; set; } = 3;

    /// <summary>How often a degraded shop is checked by a full reconcile of its recent hours (the seed: hourly).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan DegradedCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Test-only switches that deliberately break a platform rule; never set them in production.</summary>
    public SyncTestingOptions Testing { get; set; } = new();
}
