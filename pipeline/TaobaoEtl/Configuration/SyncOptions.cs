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
    public string[] PeakDays { get; set; } = ["11-11", "12-12"];

    /// <summary>Longest increment slice; the platform allows one day and recommends 30 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SliceLength { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Back-to-front reads of one increment slice while it keeps moving (its count grows or unseen trades
    /// appear); after the last one the slice is halved.
    /// </summary>
    [Range(1, 10)]
    public int MaxSlicePasses { get; set; } = 3;

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

    /// <summary>Test-only switches that deliberately break a platform rule; never set them in production.</summary>
    public SyncTestingOptions Testing { get; set; } = new();
}
