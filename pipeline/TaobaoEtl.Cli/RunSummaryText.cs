using System.Globalization;
using TaobaoEtl.Flow;

namespace TaobaoEtl.Cli;

/// <summary>The printed summary of a run: one block of aligned lines on stdout (the owed tids on stderr).</summary>
internal static class RunSummaryText
{
    /// <param name="error">Where the owed tids go, one line each (first <see cref="State.OwedTradeBook.ListedInTally"/>); null: not listed.</param>
    public static async Task WriteAsync(TextWriter output, RunSummary summary, TextWriter? error = null)
    {
        var c = CultureInfo.InvariantCulture;
        var status = summary.Status.ToString().ToLowerInvariant();
        var sink = summary.Sink;
        await output.WriteLineAsync(string.Create(c, $"{summary.Command} (run {summary.RunId}) {status} in {summary.Duration.TotalSeconds:F1} s"));
        await output.WriteLineAsync(string.Create(c, $"  windows           {summary.WindowsPlanned:N0} planned, {summary.WindowsDone:N0} done, {summary.WindowsFailed:N0} failed"));
        await output.WriteLineAsync(string.Create(c, $"  pages             {summary.Pages:N0}"));
        await output.WriteLineAsync(string.Create(c, $"  tids listed       {summary.TidsListed:N0}"));
        await output.WriteLineAsync(string.Create(c, $"  detail calls      {summary.DetailCalls:N0}"));
        await output.WriteLineAsync(string.Create(c, $"  skipped as known  {summary.SkippedKnown:N0}"));
        await output.WriteLineAsync(string.Create(c,
            $"  rows written      {sink.RowsWritten:N0} (inserted {sink.TradesInserted:N0}, updated {sink.TradesUpdated:N0}, unchanged {sink.TradesUnchanged:N0}; {sink.LinesWritten:N0} lines; refunds inserted {sink.RefundsInserted:N0}, updated {sink.RefundsUpdated:N0})"));
        await output.WriteLineAsync(string.Create(c, $"  dead letters      {summary.DeadLetters:N0}"));
        await output.WriteLineAsync(string.Create(c, $"  quarantined       {summary.Quarantined:N0}"));
        var owed = summary.Owed;
        await output.WriteLineAsync(string.Create(c,
            $"  owed              {owed.OpenTrades:N0} trades, {owed.OpenRefunds:N0} refunds now ({owed.New:N0} new, {owed.Resolved:N0} resolved)"));
        var calls = summary.ApiCalls.Count == 0 ? "none" : string.Join(", ", summary.ApiCalls.Select(p => string.Create(c, $"{p.Key} {p.Value:N0}")));
        await output.WriteLineAsync($"  api calls         {calls}");
        await output.WriteLineAsync(summary.TradesPerSecond is { } rate
            ? string.Create(c, $"  trades/s          {rate:N1}")
            : "  trades/s          -");
        // Machine-read by taobao-etl bench (the time share of each stage): keep "name seconds" pairs.
        if (summary.StageBusy.Count > 0)
            await output.WriteLineAsync("  stage busy s      " + string.Join(", ",
                summary.StageBusy.Select(b => string.Create(c, $"{b.Name} {b.Busy.TotalSeconds:F2}"))));
        foreach (var shopStop in summary.ShopStops)
            await output.WriteLineAsync($"  shop stopped      {shopStop.Message}");
        if (summary.ExitReason is { } why)
            await output.WriteLineAsync(string.Create(c, $"  exit {(int)summary.ExitCode}           {why}"));
        if (summary.Error is { } stop)
            await output.WriteLineAsync($"  stopped by        {stop.Message}");
        if (error is not null)
        {
            foreach (var tid in owed.FirstOpen)
                await error.WriteLineAsync(string.Create(c, $"owed shop {tid.ShopId} {(tid.Stream == Windows.SyncStream.Refund ? "refund_id" : "tid")} {tid.Tid}: {tid.Cause}, {tid.Attempts} attempt{(tid.Attempts == 1 ? "" : "s")}: {tid.LastError}"));
            if (owed.Open > owed.FirstOpen.Count)
                await error.WriteLineAsync(string.Create(c, $"owed: {owed.Open - owed.FirstOpen.Count:N0} more (taobao-etl status)"));
        }
    }
}
