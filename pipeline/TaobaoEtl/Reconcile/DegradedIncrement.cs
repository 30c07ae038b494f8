using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.State;
using TaobaoEtl.Streams;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// <c>increment</c> with degraded mode [seed 002: 接口调用失败率超5%时自动降级为每小时全量拉取]: the shops in normal mode get their
/// increment (<see cref="SyncRun"/>), and its failure ratio counts toward their mode (<see cref="DegradedModePolicy"/>); a shop
/// in degraded mode gets no increment (it would hammer a failing platform every few minutes) but, once an hour, a full
/// reconcile of the hours since its watermark, up to the platform's now, which repairs what changed through the detail
/// path; the first such check whose calls fail at or under the line brings it back, and its increments resume from the
/// watermark (which never moved meanwhile: the increment stays the authority, so nothing it owes is skipped).
/// </summary>
public sealed class DegradedIncrement(SyncRun sync, ReconcileRun reconcile, NpgsqlDataSource dataSource, SyncOptions options, IClock clock, ILogger logger)
{
    /// <summary>The longest span an hourly check covers (a shop degraded longer is caught up by its increments on recovery).</summary>
    public static readonly Duration MaxCheckSpan = Duration.FromHours(48);

    /// <param name="runIncrement">Runs the increment of the given shops (the CLI wraps it in its progress display).</param>
    public async Task<DegradedIncrementOutcome> RunAsync(IReadOnlyList<SyncShop> shops, IReadOnlyList<StreamSpec> streams,
        Func<Func<Task<RunSummary>>, Task<RunSummary>>? runIncrement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shops);
        var policy = DegradedModePolicy.From(options);
        var book = new ShopHealthBook(dataSource);
        var state = new SyncStateStore(dataSource);
        foreach (var shop in shops) await state.EnsureShopAsync(shop.ShopId, shop.SellerNick, cancellationToken);
        var health = new Dictionary<string, ShopHealth>(await book.ReadAsync([.. shops.Select(s => s.ShopId)], cancellationToken), StringComparer.Ordinal);
        // Off (Sync:DegradedMode=false): every shop increments, and a shop left degraded by an earlier run is normal again.
        if (!options.DegradedMode)
        {
            foreach (var shop in shops.Where(s => health[s.ShopId].Mode == SyncMode.Degraded))
            {
                await book.WriteAsync(shop.ShopId, ShopHealth.Normal, cancellationToken);
                health[shop.ShopId] = ShopHealth.Normal;
            }
        }

        var normal = shops.Where(s => health[s.ShopId].Mode == SyncMode.Normal).ToList();
        RunSummary? increment = null;
        if (normal.Count > 0)
        {
            Task<RunSummary> Run() => sync.IncrementAsync(normal, streams, cancellationToken);
            increment = runIncrement is null ? await Run() : await runIncrement(Run);
            var ratio = DegradedModePolicy.FailureRatio(increment.ApiCalls);
            foreach (var shop in normal)
            {
                var before = health[shop.ShopId];
                var after = options.DegradedMode ? policy.AfterIncrement(before, ratio, clock.GetCurrentInstant()) : before with { LastFailureRatio = ratio };
                if (after == before) continue;
                await book.WriteAsync(shop.ShopId, after, CancellationToken.None);
                if (after.Mode == SyncMode.Degraded)
                    ReconcileLog.Degraded(logger, shop.ShopId, after.HotRuns, ratio ?? 0, policy.Threshold);
            }
        }

        var checks = new List<DegradedCheck>();
        foreach (var shop in shops.Where(s => health[s.ShopId].Mode == SyncMode.Degraded))
        {
            var before = health[shop.ShopId];
            var now = clock.GetCurrentInstant();
            if (!policy.IsCheckDue(before, now))
            {
                checks.Add(new DegradedCheck(shop.ShopId, null, before, before.CheckedAt!.Value + policy.CheckInterval));
                continue;
            }

            var summary = await reconcile.ReconcileAsync([shop], new ReconcileRequest
            {
                Days = 0,
                Depth = ReconcileDepth.Full,
                RecentHours = await SpanAsync(state, shop, now, cancellationToken),
                UpToNow = true,
            }, cancellationToken);
            var after = policy.AfterCheck(before, summary.Error is null ? DegradedModePolicy.FailureRatio(summary.ApiCalls) : null,
                clock.GetCurrentInstant());
            await book.WriteAsync(shop.ShopId, after, CancellationToken.None);
            if (after.Mode == SyncMode.Normal) ReconcileLog.Recovered(logger, shop.ShopId, after.LastFailureRatio ?? 0);
            checks.Add(new DegradedCheck(shop.ShopId, summary, after, after.Mode == SyncMode.Degraded ? after.CheckedAt!.Value + policy.CheckInterval : null));
        }

        return new DegradedIncrementOutcome(increment, checks);
    }

    // From where the shop's next increment would start (its watermark minus the look-back) to now, in whole hours, at most
    // MaxCheckSpan; the run's clock and the platform's agree closely enough for an hour count (the listing itself uses the
    // platform's clock).
    private async Task<Duration> SpanAsync(SyncStateStore state, SyncShop shop, Instant now, CancellationToken cancellationToken)
    {
        var watermark = await state.ReadWatermarkAsync(shop.ShopId, SyncStream.Trade, cancellationToken);
        if (watermark is not { } mark) return MaxCheckSpan;
        var start = mark - Duration.FromTimeSpan(options.PeakLookBack > options.LookBack ? options.PeakLookBack : options.LookBack);
        var hours = Math.Ceiling(Math.Max(1, (now - start).TotalHours));
        return Duration.Min(Duration.FromHours(hours), MaxCheckSpan);
    }
}

/// <summary>A degraded shop this run: its hourly check (null when not due yet), its mode after, and when the next check is due (null: normal again).</summary>
public sealed record DegradedCheck(string ShopId, ReconcileSummary? Check, ShopHealth Health, Instant? NextCheckDue);

/// <summary>What an <c>increment</c> did: the increment of the normal shops (null when every shop is degraded) and the degraded shops.</summary>
public sealed record DegradedIncrementOutcome(RunSummary? Increment, IReadOnlyList<DegradedCheck> Degraded)
{
    /// <summary>
    /// The run's exit code: the increment's when it did not succeed; else 65 when a check left trades owed; else 75 while a
    /// shop stays degraded (its trades are only checked hourly: the next runs resume it); else 0.
    /// </summary>
    public ExitCode ExitCode
    {
        get
        {
            if (Increment is { ExitCode: not ExitCode.Ok } failed) return failed.ExitCode;
            if (Degraded.FirstOrDefault(d => d.Check is { ExitCode: not ExitCode.Ok and not ExitCode.DataError }) is { Check: { } broken }) return broken.ExitCode;
            if (Degraded.Any(d => d.Check is { ExitCode: ExitCode.DataError })) return ExitCode.DataError;
            return Degraded.Any(d => d.Health.Mode == SyncMode.Degraded) ? ExitCode.TemporaryFailure : ExitCode.Ok;
        }
    }
}
