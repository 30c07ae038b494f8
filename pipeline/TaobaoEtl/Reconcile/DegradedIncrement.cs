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
        // Off (Sync:DegradedMode=false): every shop increments; a shop an earlier run left degraded keeps its row (nothing
        // here proves it recovered) but is incremented.
        var normal = shops.Where(s => !options.DegradedMode || health[s.ShopId].Mode == SyncMode.Normal).ToList();
        RunSummary? increment = null;
        var judged = new HashSet<string>(StringComparer.Ordinal);
        if (normal.Count > 0)
        {
            Task<RunSummary> Run() => sync.IncrementAsync(normal, streams, cancellationToken);
            increment = runIncrement is null ? await Run() : await runIncrement(Run);
            // A run stopped by a ban, the quota or a signal says nothing of the platform's health; nor does a shop the run
            // stopped alone (its lock held by another run, its session refused, behind the horizon): it made no calls of its own.
            var ratio = IsEvidence(increment) ? policy.Ratio(increment.ApiCalls) : null;
            var stopped = increment.ShopStops.Select(stop => stop.ShopId).ToHashSet(StringComparer.Ordinal);
            foreach (var shop in normal.Where(s => options.DegradedMode && !stopped.Contains(s.ShopId)))
            {
                var before = health[shop.ShopId];
                var after = policy.AfterIncrement(before, ratio, clock.GetCurrentInstant());
                if (after == before || !await book.WriteAsync(shop.ShopId, before, after, CancellationToken.None)) continue;
                health[shop.ShopId] = after;
                judged.Add(shop.ShopId);
                if (after.Mode == SyncMode.Degraded) ReconcileLog.Degraded(logger, shop.ShopId, after.HotRuns, ratio ?? 0, policy.Threshold);
            }
        }

        var checks = new List<DegradedCheck>();
        if (!options.DegradedMode) return new DegradedIncrementOutcome(increment, checks, 0);
        foreach (var shop in shops.Where(s => health[s.ShopId].Mode == SyncMode.Degraded))
        {
            var before = health[shop.ShopId];
            var now = clock.GetCurrentInstant();
            // Degraded by this run's own increment: its first check is the next run's.
            if (judged.Contains(shop.ShopId) || !policy.IsCheckDue(before, now) || cancellationToken.IsCancellationRequested
                || increment is { } inc && !IsEvidence(inc))
            {
                checks.Add(new DegradedCheck(shop.ShopId, null, before, before.CheckedAt is { } last ? last + policy.CheckInterval : now));
                continue;
            }

            ReconcileSummary summary;
            try
            {
                summary = await reconcile.ReconcileAsync([shop], new ReconcileRequest
                {
                    Days = 0,
                    Depth = ReconcileDepth.Full,
                    RecentHours = await SpanAsync(state, shop, now, cancellationToken),
                    UpToNow = true,
                }, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                checks.Add(new DegradedCheck(shop.ShopId, null, before, before.CheckedAt is { } last ? last + policy.CheckInterval : now));
                break;
            }

            // A check that did not run through (another reconcile held the shop's lock, a refused session, a stop) proves nothing:
            // no recovery, and its hour is not spent (a cancelled one is due again at once).
            if (summary.Error is OperationCanceledException || summary.ShopStops.Count > 0)
            {
                checks.Add(new DegradedCheck(shop.ShopId, summary, before, before.CheckedAt is { } last ? last + policy.CheckInterval : now));
                continue;
            }

            var after = policy.AfterCheck(before, summary.Error is null ? policy.Ratio(summary.ApiCalls) : null, clock.GetCurrentInstant());
            if (await book.WriteAsync(shop.ShopId, before, after, CancellationToken.None))
            {
                health[shop.ShopId] = after;
                if (after.Mode == SyncMode.Normal) ReconcileLog.Recovered(logger, shop.ShopId, after.LastFailureRatio ?? 0);
            }

            var current = health[shop.ShopId];
            checks.Add(new DegradedCheck(shop.ShopId, summary, current,
                current.Mode == SyncMode.Degraded ? (current.CheckedAt ?? now) + policy.CheckInterval : null));
        }

        // What the degraded shops still owe (trades and refunds refused before or by their checks): owed is owed.
        long owed = 0;
        var stillDegraded = checks.Where(c => c.Health.Mode == SyncMode.Degraded).Select(c => c.ShopId).ToList();
        var owedBook = new OwedTradeBook(dataSource);
        foreach (var shopId in stillDegraded)
        {
            owed += (await owedBook.OpenTidsAsync(shopId, SyncStream.Trade, CancellationToken.None)).Count
                + (await owedBook.OpenTidsAsync(shopId, SyncStream.Refund, CancellationToken.None)).Count;
        }

        return new DegradedIncrementOutcome(increment, checks, owed);
    }

    // A run that went through, or failed because the platform failed: its calls tell the platform's health. A ban, the daily
    // quota or a signal stopped it for reasons of our own.
    private static bool IsEvidence(RunSummary run) => run.ExitCode != ExitCode.TemporaryFailure && run.Error is not OperationCanceledException;

    // From where the shop's next increments would start (the earlier watermark minus the look-back) to now, in whole hours, at most
    // MaxCheckSpan; the run's clock and the platform's agree closely enough for an hour count (the listing itself uses the
    // platform's clock).
    private async Task<Duration> SpanAsync(SyncStateStore state, SyncShop shop, Instant now, CancellationToken cancellationToken)
    {
        // The earlier of the two streams' watermarks: the check covers refunds too, and a refund list that kept failing
        // leaves the refund watermark behind the trades'.
        var trades = await state.ReadWatermarkAsync(shop.ShopId, SyncStream.Trade, cancellationToken);
        var refunds = await state.ReadWatermarkAsync(shop.ShopId, SyncStream.Refund, cancellationToken) ?? trades;
        if (trades is not { } tradeMark || refunds is not { } refundMark) return MaxCheckSpan;
        var mark = Instant.Min(tradeMark, refundMark);
        var start = mark - Duration.FromTimeSpan(options.PeakLookBack > options.LookBack ? options.PeakLookBack : options.LookBack);
        // One hour more: the run's clock may be behind the platform's, and a span too short would leave the start unchecked.
        var hours = Math.Ceiling(Math.Max(1, (now - start).TotalHours)) + 1;
        return Duration.Min(Duration.FromHours(hours), MaxCheckSpan);
    }
}

/// <summary>A degraded shop this run: its hourly check (null when not due yet), its mode after, and when the next check is due (null: normal again).</summary>
public sealed record DegradedCheck(string ShopId, ReconcileSummary? Check, ShopHealth Health, Instant? NextCheckDue);

/// <summary>
/// What an <c>increment</c> did: the increment of the normal shops (null when every shop is degraded), the degraded shops,
/// and the owed trades and refunds those shops still hold.
/// </summary>
public sealed record DegradedIncrementOutcome(RunSummary? Increment, IReadOnlyList<DegradedCheck> Degraded, long DegradedOwed)
{
    /// <summary>
    /// The run's exit code: the increment's when it did not succeed; else a check's that stopped; else 65 when a check or a
    /// degraded shop leaves something owed; else 75 while a shop stays degraded (its trades are only checked hourly: the next
    /// runs go on by themselves); else 0.
    /// </summary>
    public ExitCode ExitCode
    {
        get
        {
            if (Increment is { ExitCode: not ExitCode.Ok } failed) return failed.ExitCode;
            if (Degraded.FirstOrDefault(d => d.Check is { ExitCode: not ExitCode.Ok and not ExitCode.DataError }) is { Check: { } broken }) return broken.ExitCode;
            if (DegradedOwed > 0 || Degraded.Any(d => d.Check is { ExitCode: ExitCode.DataError })) return ExitCode.DataError;
            return Degraded.Any(d => d.Health.Mode == SyncMode.Degraded) ? ExitCode.TemporaryFailure : ExitCode.Ok;
        }
    }
}
