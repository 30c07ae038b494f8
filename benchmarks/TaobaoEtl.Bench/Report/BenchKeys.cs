namespace TaobaoEtl.Bench.Report;

/// <summary>The JSON keys every bench report carries (issue 7), with the targets the data team tunes against.</summary>
public static class BenchKeys
{
    public const string SinkRatio = "sink_ratio";
    public const string SinkTradesPerSecond = "sink_trades_per_s";
    public const string PsqlCopyRowsPerSecond = "psql_copy_rows_per_s";
    public const string EndToEndTradesPerSecond = "e2e_trades_per_s";
    public const string QuotaUse = "quota_use";
    public const string Bans = "bans";
    public const string CallsPerTradeBackfill = "calls_per_trade_backfill";
    public const string CallsPerTradeBackfillMinimum = "calls_per_trade_backfill_min";
    public const string DetailCallsOnUnchanged = "detail_calls_on_unchanged";
    public const string PeakRssMegabytes = "peak_rss_mb";
    public const string RssRatioLargeVsSmall = "rss_ratio_large_vs_small";

    /// <summary>Present in every report, null when not measurable yet.</summary>
    public static readonly IReadOnlyList<string> Required =
    [
        SinkRatio, SinkTradesPerSecond, PsqlCopyRowsPerSecond, EndToEndTradesPerSecond, QuotaUse, Bans,
        CallsPerTradeBackfill, CallsPerTradeBackfillMinimum, DetailCallsOnUnchanged, PeakRssMegabytes, RssRatioLargeVsSmall,
    ];

    private static readonly Dictionary<string, string> Targets = new()
    {
        [SinkRatio] = ">= 0.6",
        [QuotaUse] = ">= 0.95",
        [Bans] = "0",
        [CallsPerTradeBackfill] = "<= 1.02 x min",
        [DetailCallsOnUnchanged] = "0",
        [PeakRssMegabytes] = "< 400 (sync, 1M)",
        [RssRatioLargeVsSmall] = "<= 1.3",
    };

    public static string TargetOf(string key) => Targets.GetValueOrDefault(key, "");
}
