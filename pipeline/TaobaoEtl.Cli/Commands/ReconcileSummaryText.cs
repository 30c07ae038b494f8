using System.Globalization;
using TaobaoEtl.Reconcile;

namespace TaobaoEtl.Cli.Commands;

/// <summary>The printed end of a reconcile or resync: a few lines, the owed tids on stderr, and the JSON line last on stdout.</summary>
internal static class ReconcileSummaryText
{
    /// <summary>Owed trades named on stderr, one line each; the rest are counted.</summary>
    public const int OwedListed = 200;

    public static async Task WriteAsync(TextWriter output, TextWriter error, ReconcileSummary summary)
    {
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c,
            $"{summary.Command} (run {summary.RunId}) {summary.Status.ToString().ToLowerInvariant()} in {summary.Duration.TotalSeconds:F1} s: " +
            $"{summary.Slices:N0} slices ({summary.Resumed:N0} resumed), {summary.TradesChecked:N0} trades checked, {summary.Differing:N0} differing"));
        await output.WriteLineAsync(string.Create(c,
            $"  found             {summary.Missing:N0} missing, {summary.Stale:N0} stale, {summary.Damaged:N0} damaged, {summary.Unknown:N0} unknown to the platform (kept), {summary.Pending:N0} pending (trades and refunds); refunds {summary.RefundsMissing:N0} missing, {summary.RefundsStale:N0} stale of {summary.RefundsChecked:N0} checked, {summary.RefundsRepaired:N0} repaired"));
        await output.WriteLineAsync(string.Create(c,
            $"  repaired          {summary.Repaired:N0} ({summary.Refetched:N0} fetched again, {summary.Sink.RowsWritten:N0} rows written); owed {summary.Owed:N0}; {summary.Unlisted:N0} slices unlisted"));
        var calls = summary.ApiCalls.Count == 0 ? "none" : string.Join(", ", summary.ApiCalls.Select(p => string.Create(c, $"{p.Key} {p.Value:N0}")));
        await output.WriteLineAsync($"  api calls         {calls}");
        foreach (var stop in summary.ShopStops) await output.WriteLineAsync($"  shop stopped      {stop.Message}");
        if (summary.ExitReason is { } why) await output.WriteLineAsync(string.Create(c, $"  exit {(int)summary.ExitCode}           {why}"));
        foreach (var (shopId, tid) in summary.OwedTrades.Take(OwedListed)) await error.WriteLineAsync(string.Create(c, $"owed trade {shopId}/{tid}"));
        foreach (var (shopId, refundId) in summary.OwedRefunds.Take(OwedListed)) await error.WriteLineAsync(string.Create(c, $"owed refund {shopId}/{refundId}"));
        if (summary.OwedTrades.Count > OwedListed)
            await error.WriteLineAsync(string.Create(c, $"… and {summary.OwedTrades.Count - OwedListed:N0} more owed trades (etl.owed_trade, cause 'reconcile')"));
        if (summary.OwedRefunds.Count > OwedListed)
            await error.WriteLineAsync(string.Create(c, $"… and {summary.OwedRefunds.Count - OwedListed:N0} more owed refunds (etl.owed_trade, stream 'refund', cause 'reconcile')"));
        await output.WriteLineAsync(summary.ToJson());
    }
}
