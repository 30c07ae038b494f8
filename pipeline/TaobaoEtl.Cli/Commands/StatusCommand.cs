using System.CommandLine;
using System.Globalization;
using TaobaoEtl.Configuration;
using TaobaoEtl.State;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("status", "Show the schema version, row counts, watermarks, windows, dead letters and the last runs.");
        CommandAction.Set(command, ConfigurationNeeds.Database, output, error, async (session, _, cancellationToken) =>
        {
            var report = await StatusReport.ReadAsync(session.DataSource, cancellationToken);
            var o = session.Output;
            var c = CultureInfo.InvariantCulture;
            await o.WriteLineAsync($"Database        {session.DatabaseDisplayName}, schema version {report.SchemaVersion}");
            foreach (var (table, rows) in report.Tables)
                await o.WriteLineAsync(string.Create(c, $"  {table,-26} {rows,12:N0} rows"));
            if (report.Positions.Count == 0) await o.WriteLineAsync("Watermarks      none yet (no backfill or increment has started)");
            foreach (var position in report.Positions)
                await o.WriteLineAsync($"Watermark       {position.ShopId}/{position.Stream}: {PlatformTime.Format(position.Watermark)} GMT+8");
            if (report.Windows.Count > 0) await o.WriteLineAsync("Windows         shop/stream kind status: windows (pages, listed, fetched, skipped)");
            foreach (var w in report.Windows)
            {
                await o.WriteLineAsync(string.Create(c,
                    $"  {w.ShopId}/{w.Stream} {w.Kind} {w.Status}: {w.Windows:N0} ({w.Pages:N0} pages, {w.Listed:N0} listed, {w.Fetched:N0} fetched, {w.Skipped:N0} skipped)"));
            }

            if (report.FailingWindows.Count > 0) await o.WriteLineAsync("Failing windows shop/stream kind [start, end) GMT+8: status, attempts (each pins its watermark until it is done)");
            foreach (var w in report.FailingWindows)
            {
                await o.WriteLineAsync(string.Create(c,
                    $"  {w.ShopId}/{w.Stream} {w.Kind} [{PlatformTime.Format(w.Range.Start)}, {PlatformTime.Format(w.Range.End)}): {w.Status}, {w.Attempts:N0} attempts, last {PlatformTime.Format(w.UpdatedAt)}"));
            }

            foreach (var shop in report.Reauthorize)
            {
                var since = shop.Since is { } at ? PlatformTime.Format(at) + " GMT+8" : "unknown";
                await o.WriteLineAsync($"Re-authorize    shop {shop.ShopId} ({shop.SellerNick ?? "-"}): the platform refused its session since {since}; the seller must authorize the app again");
            }

            await o.WriteLineAsync(string.Create(c, $"Dead letters    {report.OpenDeadLetters:N0} open"));
            foreach (var letters in report.DeadLettersByShop)
                await o.WriteLineAsync(string.Create(c, $"  {letters.ShopId} {letters.Kind}: {letters.Open:N0} (taobao-etl refetch --shop {letters.ShopId})"));
            await o.WriteLineAsync(string.Create(c, $"Quarantined     {report.Quarantined:N0}"));
            await o.WriteLineAsync(string.Create(c, $"Owed            {report.OwedByShop.Sum(x => x.Open):N0} open (trades and refunds; retried by every run; runs exit 65 while any is open)"));
            foreach (var owed in report.OwedByShop)
            {
                await o.WriteLineAsync(string.Create(c,
                    $"  {owed.ShopId} {owed.Stream}: {owed.Open:N0} ({owed.Due:N0} due now, owed since {PlatformTime.Format(owed.OldestOwedAt)} GMT+8, at most {owed.MostAttempts:N0} attempts; taobao-etl refetch --shop {owed.ShopId})"));
            }
            foreach (var (shopId, health) in report.Modes)
            {
                var ratio = health.LastFailureRatio is { } r ? r.ToString("P1", c) : "-";
                await o.WriteLineAsync(health.Mode == SyncMode.Degraded
                    ? $"Mode            {shopId}: DEGRADED since {(health.DegradedSince is { } since ? PlatformTime.Format(since) + " GMT+8" : "-")} (its calls kept failing over 5%, last {ratio}): no increments, a full reconcile of its recent hours hourly (last {(health.CheckedAt is { } at ? PlatformTime.Format(at) + " GMT+8" : "not yet")})"
                    : $"Mode            {shopId}: normal (last failure ratio {ratio}, {health.HotRuns} increments in a row over 5%)");
            }

            if (report.Reconciliations.Count == 0) await o.WriteLineAsync("Reconciled      never (taobao-etl reconcile checks staging against the platform)");
            foreach (var r in report.Reconciliations)
            {
                var verdict = r.Owed > 0 || r.Unlisted > 0 ? "NOT PROVEN" : r.Differing > 0 ? "repaired" : "complete";
                await o.WriteLineAsync(string.Create(c,
                    $"Reconciled      {r.ShopId}: {verdict} at {PlatformTime.Format(r.CheckedAt)} GMT+8 (run {r.RunId}): {r.Slices:N0} slices, {r.Differing:N0} differing, " +
                    $"{r.Missing:N0} missing, {r.Stale:N0} stale, {r.Damaged:N0} damaged, {r.Repaired:N0} repaired, {r.Owed:N0} owed, {r.Unlisted:N0} unlisted (staging.v_completeness per day)"));
            }

            if (report.Runs.Count > 0) await o.WriteLineAsync("Last runs");
            foreach (var run in report.Runs)
            {
                var seconds = run.EndedAt is { } ended ? (ended - run.StartedAt).TotalSeconds.ToString("F1", c) + " s" : "running";
                var exit = run.ExitCode?.ToString(c) ?? "-";
                var head = string.Create(c, $"  {run.RunId,-6} {run.Command,-10} {run.Status,-10} exit {exit,-3} {PlatformTime.Format(run.StartedAt)} GMT+8 {seconds}: ");
                var tally = string.Create(c, $"{run.Windows:N0} windows, {run.TidsListed:N0} listed, {run.DetailCalls:N0} fetched, {run.SkippedKnown:N0} known, {run.RowsWritten:N0} rows, {run.DeadLetters:N0} dead letters, {run.Quarantined:N0} quarantined");
                await o.WriteLineAsync(head + tally + (run.Message is null ? "" : " - " + run.Message));
            }

            return ExitCode.Ok;
        });
        return command;
    }
}
