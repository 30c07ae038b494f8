using System.Globalization;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Flow.Stages;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using TaobaoEtl.Streams;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// <c>reconcile</c> and <c>resync</c>: checks slices of a shop's trades against the platform itself and repairs what
/// differs through the one detail path (fetch, normalize, sink, version rule), then checks the repaired trades again
/// against the same listing. Per round of slices: the checks (a count, a listing, staging's copies, the diff), one
/// repair run over every trade they found, the recheck, and one <c>etl.reconciliation</c> row per slice, so a killed
/// reconcile loses at most a round and the next one resumes after the days it recorded. Each shop is checked under its
/// reconcile lock (one reconcile per shop at a time); the sync's locks are not taken: a repair only writes through the
/// version rule and moves no watermark. What still differs after the repair is owed (<c>etl.owed_trade</c>, cause
/// <c>reconcile</c>), so every later run retries it, and the run exits 65.
/// </summary>
public sealed class ReconcileRun
{
    /// <summary>Slices checked before their repair runs: bounds the memory of a full check (a day's listing each).</summary>
    public const int RoundSize = 8;

    /// <summary>Slices of a round checked at the same time (each one's pages are sequential by the platform's rules).</summary>
    public const int CheckConcurrency = 4;

    private readonly TopClient _client;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SyncOptions _sync;
    private readonly int _callsPerSecond;
    private readonly IClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SecretRedactor _redactor;
    private readonly ReconciliationBook _book;

    public ReconcileRun(TopClient client, NpgsqlDataSource dataSource, SyncOptions sync, int callsPerSecond, IClock clock, TimeProvider timeProvider,
        ILogger logger, SecretRedactor redactor)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _sync = sync ?? throw new ArgumentNullException(nameof(sync));
        _callsPerSecond = callsPerSecond;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        _book = new ReconciliationBook(dataSource);
    }

    /// <summary>Checks the request's days by created and the recent hours by modified, repairing what differs.</summary>
    public Task<ReconcileSummary> ReconcileAsync(IReadOnlyList<SyncShop> shops, ReconcileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync("reconcile", shops, RepairRule.NotOlder, (shop, now, bounds) =>
        {
            IReadOnlyList<ReconcileSlice>? days;
            string? error = null;
            if (request.From is { } from && request.To is { } to) days = ReconcilePlan.Days(shop.ShopId, now, from, to, out error);
            else if (request.Days == 0) days = [];
            else days = ReconcilePlan.LastDays(shop.ShopId, now, request.Days ?? _sync.BackfillDays);
            if (request.UpToNow) bounds = bounds with { TradePending = PlatformTime.FloorToSecond(now), RefundPending = PlatformTime.FloorToSecond(now) };
            if (days is null) return new Plan([], error);
            var fullFrom = days.Count - Math.Clamp(request.FullDays, 0, days.Count);
            var planned = days.Select((day, i) => new PlannedSlice(day, i >= fullFrom ? ReconcileDepth.Full : request.Depth)).ToList();
            planned.AddRange(ReconcilePlan.Recent(shop.ShopId, now, request.RecentHours, bounds.TradePending, request.RecentSliceLength)
                .Select(slice => new PlannedSlice(slice, ReconcileDepth.Full)));
            if (request.RecentRefunds)
            {
                planned.AddRange(ReconcilePlan.Recent(shop.ShopId, now, request.RecentHours, bounds.RefundPending, request.RecentSliceLength, SyncStream.Refund)
                    .Select(slice => new PlannedSlice(slice, ReconcileDepth.Full)));
            }

            return new Plan(planned, null) { Bounds = request.UpToNow ? bounds : null };
        }, cancellationToken);
    }

    /// <summary>Re-lists [from, to) and fetches again every trade (refund) whose stored copy is not provably current (all with force).</summary>
    public Task<ReconcileSummary> ResyncAsync(IReadOnlyList<SyncShop> shops, ResyncRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync("resync", shops, request.Force ? RepairRule.Force : RepairRule.ProvablyCurrent, (shop, now, _) =>
        {
            var planned = new List<PlannedSlice>();
            foreach (var stream in request.Streams.Distinct())
            {
                var slices = ReconcilePlan.Resync(shop.ShopId, now, request.From, request.To, request.By, request.SliceLength, out var error, stream);
                if (slices is null) return new Plan([], error);
                planned.AddRange(slices.Select(slice => new PlannedSlice(slice, request.Force ? ReconcileDepth.Force : ReconcileDepth.Full)));
            }

            return new Plan(planned, null);
        }, cancellationToken);
    }

    private sealed record PlannedSlice(ReconcileSlice Slice, ReconcileDepth Depth);

    /// <summary>A shop's slices, or why none; <see cref="Bounds"/> replaces the run's bounds when set.</summary>
    private sealed record Plan(IReadOnlyList<PlannedSlice> Slices, string? Error)
    {
        public ShopBounds? Bounds { get; init; }
    }

    /// <summary>
    /// Per stream of a shop: where its pending band starts (changes at or after it are the increments' to read), and from
    /// which modified an unstaged id listed by a recent slice is missing (before it, never promised; null: always).
    /// </summary>
    private sealed record ShopBounds(Instant TradePending, Instant RefundPending, Instant? TradeMissingFrom, Instant? RefundMissingFrom)
    {
        public Instant PendingOf(SyncStream stream) => stream == SyncStream.Refund ? RefundPending : TradePending;

        public Instant? MissingFromOf(SyncStream stream) => stream == SyncStream.Refund ? RefundMissingFrom : TradeMissingFrom;
    }

    /// <summary>One slice checked, before its repair.</summary>
    private sealed record SliceCheck(PlannedSlice Planned, long? PlatformCount, long StagedCount, SliceDiff? Diff,
        IReadOnlyDictionary<long, Instant>? Listed, bool Unlisted, int Calls);

    private async Task<ReconcileSummary> RunAsync(string command, IReadOnlyList<SyncShop> shops, RepairRule rule,
        Func<SyncShop, Instant, ShopBounds, Plan> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shops);
        if (shops.Count == 0) throw new ArgumentException("A reconcile needs at least one shop.", nameof(shops));
        var journal = new RunJournal(_dataSource);
        var runId = await journal.StartAsync(shops.Count == 1 ? shops[0].ShopId : null, command, cancellationToken);
        var before = _client.Counters.Snapshot();
        var started = _time.GetTimestamp();
        var counters = new RunCounters();
        var tally = new Tally();
        var stops = new List<ShopStop>();
        Exception? error = null;
        string? usage = null;
        ShopSyncLocks? locks = null;
        try
        {
            var platformNow = (await _client.GetTimeAsync(cancellationToken)).Time;
            locks = await ShopSyncLocks.OpenAsync(_dataSource, cancellationToken);
            var state = new SyncStateStore(_dataSource);
            var locked = new List<SyncShop>();
            foreach (var shop in shops)
            {
                await state.EnsureShopAsync(shop.ShopId, shop.SellerNick, cancellationToken);
                if (await locks.TryAcquireReconcileAsync(shop.ShopId, cancellationToken))
                {
                    locked.Add(shop);
                    continue;
                }

                var message = $"shop {shop.ShopId}: another reconcile or resync of it is running (its reconcile lock is held): it was not checked by this run; run again later";
                ShopLog.Locked(_logger, message);
                stops.Add(new ShopStop(shop.ShopId, ShopStopReason.Locked, message));
            }

            foreach (var shop in locked)
            {
                // Changes at or after the next increment's start are its to read, not owed yet (verify's pending rule), per stream.
                var bounds = new ShopBounds(
                    await PendingFromAsync(state, shop, SyncStream.Trade, platformNow, cancellationToken),
                    await PendingFromAsync(state, shop, SyncStream.Refund, platformNow, cancellationToken),
                    // A recent slice lists changes before the increments began too: a staged trade changed then is the sync's
                    // (stale or damaged counts), an unstaged one is the sync's only if created in a backfill day, which the day
                    // slices check by created: missing from a recent slice it is not (it was never promised). Refunds have no
                    // list by created: their backfill took every refund changed since its first day, so from there all are owed.
                    rule == RepairRule.NotOlder ? await _book.BackfillEndAsync(shop.ShopId, cancellationToken) : null,
                    rule == RepairRule.NotOlder ? await _book.RefundBackfillStartAsync(shop.ShopId, cancellationToken) : null);
                var shopPlan = plan(shop, platformNow, bounds);
                if (shopPlan.Error is { } why)
                {
                    usage = why;
                    break;
                }

                try
                {
                    await CheckShopAsync(command, shop, shopPlan.Slices, shopPlan.Bounds ?? bounds, rule, runId, counters, tally, stops, cancellationToken);
                }
                catch (TopException ex) when (ex.Kind == TopErrorKind.SessionInvalid)
                {
                    stops.Add(ShopStop.Reauthorize(shop.ShopId));
                    ShopLog.SessionRefused(_logger, shop.ShopId);
                }
            }

            foreach (var stop in stops.Where(stop => stop.Reason == ShopStopReason.Reauthorize))
                await state.MarkReauthorizeAsync(stop.ShopId, _clock.GetCurrentInstant(), cancellationToken);
            // A fetch the repair could not make (refused, quarantined) left an owed row: owed, whatever the finding (a
            // resync's refetch of an unproven or forced copy has no finding to stay unrepaired).
            foreach (var (shopId, stream, id) in await _book.OwedByRunAsync([.. locked.Select(shop => shop.ShopId)], runId, cancellationToken))
                tally.AddOwed(shopId, stream, id);
        }
        catch (Exception ex)
        {
            // Kept as a value: the summary and the run row report it, then the caller rethrows it.
            error = ex;
        }
        finally
        {
            if (locks is not null) await locks.DisposeAsync();
        }

        var apiCalls = RunSummary.CallsBetween(before, _client.Counters.Snapshot());
        var (status, exitCode, reason) = Decide(error, usage, tally, stops);
        var summary = new ReconcileSummary
        {
            Command = command,
            RunId = runId,
            Status = status,
            ExitCode = exitCode,
            Slices = tally.Slices,
            Differing = tally.Differing,
            Missing = tally.Missing,
            Stale = tally.Stale,
            Damaged = tally.Damaged,
            Unknown = tally.Unknown,
            Pending = tally.Pending,
            Repaired = tally.Repaired,
            Refetched = tally.Refetched,
            OwedTrades = tally.OwedTrades,
            OwedRefunds = tally.OwedRefunds,
            RefundsMissing = tally.RefundsMissing,
            RefundsStale = tally.RefundsStale,
            RefundsRepaired = tally.RefundsRepaired,
            RefundsChecked = tally.RefundsChecked,
            Unlisted = tally.Unlisted,
            Resumed = tally.Resumed,
            TradesChecked = tally.TradesChecked,
            Calls = apiCalls.Values.Sum(),
            ApiCalls = apiCalls,
            Sink = counters.Sink,
            DetailCalls = counters.DetailCalls,
            ListCalls = tally.ListCalls,
            Duration = Duration.FromTimeSpan(_time.GetElapsedTime(started)),
            ShopStops = stops,
            ExitReason = reason,
            Error = error,
        };
        try
        {
            await journal.FinishAsync(runId, status, (int)exitCode, summary.ToTally(), RunMessage.Of(error, stops, reason, _redactor), CancellationToken.None);
        }
        catch (NpgsqlException ex) when (error is not null)
        {
            FlowLog.RunNotClosed(_logger, ex, runId);
        }

        return summary;
    }

    private static (RunStatus, ExitCode, string?) Decide(Exception? error, string? usage, Tally tally, IReadOnlyList<ShopStop> stops)
    {
        if (error is not null)
        {
            var decided = RunOutcome.Decide(error, 0, 0);
            return (decided.Status, decided.ExitCode, decided.Why);
        }

        if (usage is not null) return (RunStatus.Failed, ExitCode.Usage, usage);
        var reasons = new List<string>(2);
        if (tally.OwedTrades.Count > 0)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{tally.OwedTrades.Count:N0} trade{(tally.OwedTrades.Count == 1 ? "" : "s")} still differ from the platform after the repair (owed: later runs retry them)"));
        if (tally.OwedRefunds.Count > 0)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{tally.OwedRefunds.Count:N0} refund{(tally.OwedRefunds.Count == 1 ? "" : "s")} still differ from the platform after the repair (owed: later runs retry them)"));
        if (tally.Unlisted > 0)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{tally.Unlisted:N0} slice{(tally.Unlisted == 1 ? "" : "s")} could not be listed completely (nothing about them is proven)"));
        if (ShopStop.ExitCodeOf(stops) is { } stopped) return (RunStatus.Stopped, stopped, reasons.Count == 0 ? null : string.Join("; ", reasons));
        return reasons.Count == 0 ? (RunStatus.Succeeded, ExitCode.Ok, null) : (RunStatus.Succeeded, ExitCode.DataError, string.Join("; ", reasons));
    }

    private async Task CheckShopAsync(string command, SyncShop shop, IReadOnlyList<PlannedSlice> planned, ShopBounds bounds, RepairRule rule, long runId,
        RunCounters counters, Tally tally, List<ShopStop> stops, CancellationToken cancellationToken)
    {
        var slices = planned;
        var resumed = 0;
        if (command == "reconcile")
        {
            // A killed reconcile's settled days are not checked again; its other days, and every recent slice, are.
            var settled = await _book.SettledByDeadRunAsync(shop.ShopId, runId, cancellationToken);
            slices = [.. planned.Where(p => !(p.Slice.Kind == ReconcileSliceKind.Day && settled.Any(s => s.Range == p.Slice.Range && Satisfies(s.Depth, p.Depth))))];
            resumed = planned.Count - slices.Count;
            tally.AddResumed(resumed);
            // A day holding a trade the platform does not list can count equal while one it lists is missing: such a day
            // is diffed in full until its unknown trades are gone.
            var unknownDays = await _book.DaysWithUnknownAsync(shop.ShopId, cancellationToken);
            slices = [.. slices.Select(p => p.Slice.Kind == ReconcileSliceKind.Day && p.Depth == ReconcileDepth.Count && unknownDays.Contains(p.Slice.Range.Start)
                ? p with { Depth = ReconcileDepth.Full }
                : p)];
        }

        ReconcileLog.Planned(_logger, shop.ShopId, command, slices.Count, slices.Count(p => p.Slice.Kind != ReconcileSliceKind.Recent),
            planned.FirstOrDefault(p => p.Slice.Kind != ReconcileSliceKind.Recent)?.Depth.ToString().ToLowerInvariant() ?? "-",
            slices.Count(p => p.Slice.Kind == ReconcileSliceKind.Recent), resumed);
        var listing = new SliceListing(_client, PagerRules.From(_sync), counters, _time, _logger);
        foreach (var round in slices.Chunk(RoundSize))
        {
            var checks = new SliceCheck[round.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, round.Length),
                new ParallelOptions { MaxDegreeOfParallelism = CheckConcurrency, CancellationToken = cancellationToken },
                async (i, token) => checks[i] = await CheckAsync(listing, shop, round[i], bounds, rule, token));
            var stopped = await RepairAsync(shop, checks, runId, counters, cancellationToken);
            await RecordAsync(shop, checks, runId, tally, cancellationToken);
            if (stopped.Count > 0)
            {
                stops.AddRange(stopped);
                return;
            }
        }
    }

    // A full check answers a count request too; a count never answers a full one.
    private static bool Satisfies(string recordedDepth, ReconcileDepth wanted) =>
        recordedDepth == "full" || (recordedDepth == "count" && wanted == ReconcileDepth.Count);

    private async Task<SliceCheck> CheckAsync(SliceListing listing, SyncShop shop, PlannedSlice planned, ShopBounds bounds, RepairRule rule,
        CancellationToken cancellationToken)
    {
        var slice = planned.Slice;
        var calls = 0;
        long? platformCount = null;
        long stagedCount;
        if (planned.Depth == ReconcileDepth.Count && slice.ListBy == SliceListBy.Created)
        {
            calls++;
            platformCount = await CountAsync(shop, slice, cancellationToken);
            stagedCount = await _book.CountCreatedAsync(shop.ShopId, slice.Range, cancellationToken);
            if (platformCount == stagedCount) return new SliceCheck(planned, platformCount, stagedCount, null, null, false, calls);
            ReconcileLog.CountDiffered(_logger, slice.ToString(), platformCount, stagedCount);
        }

        var listed = await listing.ListAsync(shop, slice, cancellationToken);
        calls += listed.Calls;
        if (listed.Trades is not { } trades)
        {
            ReconcileLog.Unlisted(_logger, slice.ToString());
            stagedCount = await StagedCountAsync(shop, slice, cancellationToken);
            return new SliceCheck(planned, platformCount, stagedCount, null, null, true, calls);
        }

        Dictionary<long, StagedCopy> staged;
        IReadOnlyCollection<long>? stagedInSlice = null;
        if (slice.ListBy == SliceListBy.Created)
        {
            staged = await _book.ReadCreatedAsync(shop.ShopId, slice.Range, cancellationToken);
            stagedInSlice = [.. staged.Keys];
            stagedCount = staged.Count;
            // A listed trade staged under another created (a row an operator edited) is still found by its tid.
            var elsewhere = trades.Keys.Where(tid => !staged.ContainsKey(tid)).ToList();
            foreach (var (tid, copy) in await _book.ReadCopiesAsync(shop.ShopId, SyncStream.Trade, elsewhere, cancellationToken)) staged[tid] = copy;
        }
        else
        {
            staged = await _book.ReadCopiesAsync(shop.ShopId, slice.Stream, [.. trades.Keys], cancellationToken);
            stagedCount = await _book.CountModifiedAsync(shop.ShopId, slice.Stream, slice.Range, cancellationToken);
        }

        var diff = SliceDiff.Of(trades, staged, stagedInSlice, rule == RepairRule.NotOlder ? bounds.PendingOf(slice.Stream) : null, rule,
            slice.Kind == ReconcileSliceKind.Recent ? bounds.MissingFromOf(slice.Stream) : null);
        return new SliceCheck(planned, platformCount ?? trades.Count, stagedCount, diff, trades, false, calls);
    }

    private async Task<long> StagedCountAsync(SyncShop shop, ReconcileSlice slice, CancellationToken cancellationToken) =>
        slice.ListBy == SliceListBy.Created
            ? await _book.CountCreatedAsync(shop.ShopId, slice.Range, cancellationToken)
            : await _book.CountModifiedAsync(shop.ShopId, slice.Stream, slice.Range, cancellationToken);

    private async Task<Instant> PendingFromAsync(SyncStateStore state, SyncShop shop, SyncStream stream, Instant platformNow, CancellationToken cancellationToken)
    {
        var watermark = await state.ReadWatermarkAsync(shop.ShopId, stream, cancellationToken);
        return ReconcilePlan.PendingFrom(platformNow, watermark is { } mark
            ? mark - new IncrementSlicer(_sync).Plan(shop.ShopId, mark, platformNow, stream).LookBack
            : null);
    }

    // One call: taobao.trades.sold.get over the day with use_has_next=false, fields=tid and one trade per page, for its
    // total_results. The day's last second is the end: the platform's end_created is taken as inclusive (TopSim's is), so
    // the next midnight's trades are not counted twice; if the real one were exclusive, the day's last second would be
    // missing from the count, the counts would differ and the day would be diffed in full: the safe side either way. A
    // count that fails (the platform answered that the list failed, or answered nothing countable) is no count: the day is
    // diffed in full, whose listing has its own pauses and retries.
    private async Task<long?> CountAsync(SyncShop shop, ReconcileSlice slice, CancellationToken cancellationToken)
    {
        try
        {
            var page = await _client.GetSoldTidsAsync(shop.Session,
                new SoldTradesQuery(slice.Range.Start, slice.Range.End - Duration.FromSeconds(1))
                {
                    PageNo = 1, PageSize = 1, UseHasNext = false, Fields = TradeFields.Tid,
                }, cancellationToken);
            return page.TotalResults;
        }
        catch (TopException ex) when (ex.Kind is TopErrorKind.Overloaded or TopErrorKind.Unrecognized or TopErrorKind.MalformedAnswer
                                          || (ex.Kind == TopErrorKind.Transient && ex.SubCode is not null))
        {
            return null;
        }
    }

    // The round's differing trades and refunds through the one detail path, once each (one run, a request per stream);
    // returns the shops the platform refused.
    private async Task<IReadOnlyList<ShopStop>> RepairAsync(SyncShop shop, IReadOnlyList<SliceCheck> checks, long runId, RunCounters counters,
        CancellationToken cancellationToken)
    {
        var requests = new List<RefetchRequest>();
        var demoted = 0;
        var ids = 0;
        foreach (var spec in StreamSpec.All)
        {
            var listed = new Dictionary<long, Instant>();
            var damaged = new HashSet<long>();
            foreach (var check in checks.Where(c => c.Planned.Slice.Stream == spec.Stream))
            {
                if (check.Diff is not { } diff) continue;
                foreach (var id in diff.ToFetch)
                {
                    var at = check.Listed![id];
                    listed[id] = listed.TryGetValue(id, out var seen) && seen > at ? seen : at;
                }

                foreach (var finding in diff.Findings.Where(f => f.Kind == FindingKind.Damaged)) damaged.Add(finding.Id);
            }

            if (listed.Count == 0) continue;
            demoted += await _book.DemoteDamagedAsync(shop.ShopId, spec.Stream, damaged, cancellationToken);
            ids += listed.Count;
            var versions = listed.Where(pair => pair.Value != Instant.MinValue).ToDictionary(pair => pair.Key, pair => pair.Value);
            requests.Add(new RefetchRequest(shop, spec, [.. listed.Keys.Order()], versions));
        }

        if (requests.Count == 0) return [];
        ReconcileLog.Repairing(_logger, shop.ShopId, ids, demoted);
        var pipeline = new SyncPipeline(_client, _dataSource, _sync, FetchConcurrency.From(_sync.DetailConcurrency, _callsPerSecond), _clock, _time,
            _logger, counters, _redactor);
        return await pipeline.RunAsync([], requests, runId, cancellationToken);
    }

    // Each slice's differing ids against staging after the repair and the same listing: repaired when staging now holds a
    // whole copy at or after the listed version, owed otherwise (an owed row of its stream, the greatest listed version).
    private async Task RecordAsync(SyncShop shop, IReadOnlyList<SliceCheck> checks, long runId, Tally tally, CancellationToken cancellationToken)
    {
        var after = new Dictionary<SyncStream, Dictionary<long, StagedCopy>>();
        foreach (var stream in new[] { SyncStream.Trade, SyncStream.Refund })
        {
            var fetched = checks.Where(c => c.Diff is not null && c.Planned.Slice.Stream == stream).SelectMany(c => c.Diff!.ToFetch).ToHashSet();
            after[stream] = await _book.ReadCopiesAsync(shop.ShopId, stream, fetched, cancellationToken);
        }

        var owedNow = new List<OwedTrade>();
        var now = _clock.GetCurrentInstant();
        foreach (var check in checks)
        {
            var slice = check.Planned.Slice;
            var stream = slice.Stream;
            var rows = new List<ReconciliationTradeRow>();
            int repaired = 0, owed = 0;
            if (check.Diff is { } diff)
            {
                foreach (var finding in diff.Findings)
                {
                    if (finding.Kind == FindingKind.Unknown)
                    {
                        rows.Add(new ReconciliationTradeRow(finding.Id, "unknown", null, finding.Staged, null));
                        continue;
                    }

                    var holds = SliceDiff.Holds(finding.Listed, after[stream].TryGetValue(finding.Id, out var copy) ? copy : null);
                    rows.Add(new ReconciliationTradeRow(finding.Id, finding.Kind.ToString().ToLowerInvariant(), finding.Listed, finding.Staged, holds));
                    if (finding.Kind == FindingKind.Unproven) continue;
                    if (holds)
                    {
                        repaired++;
                        continue;
                    }

                    owed++;
                    tally.AddOwed(shop.ShopId, stream, finding.Id);
                    // Upserted even over an open owed row: its listed version only grows, so a later retry that brings a
                    // copy older than this listing does not resolve it.
                    if (owedNow.All(o => o.Tid != finding.Id || o.Stream != stream))
                    {
                        var why = $"{slice}: still {finding.Kind.ToString().ToLowerInvariant()} after the repair (listed modified " +
                            $"{(finding.Listed is { } l ? PlatformTime.Format(l) : "-")})";
                        owedNow.Add(stream == SyncStream.Refund
                            ? OwedTrade.ForRefund(shop.ShopId, finding.Id, OwedCause.Reconcile, why, now, finding.Listed)
                            : new OwedTrade(shop.ShopId, finding.Id, OwedCause.Reconcile, why, now, finding.Listed));
                    }
                }
            }

            var verdict = check.Unlisted ? "unlisted" : check.Diff is not { Differing: > 0 } ? "ok" : owed > 0 ? "owed" : "repaired";
            var d = check.Diff;
            await _book.RecordAsync(new ReconciliationRow(runId, shop.ShopId, KindText(slice.Kind), slice.Range, DepthText(check.Planned.Depth),
                check.PlatformCount, check.StagedCount, d?.Missing ?? 0, d?.Stale ?? 0, d?.Damaged ?? 0, d?.Unknown ?? 0, d?.Pending ?? 0,
                repaired, owed, verdict, check.Calls, rows) { Stream = stream }, cancellationToken);
            ReconcileLog.Checked(_logger, slice.ToString(), verdict, check.PlatformCount, check.StagedCount, check.Calls);
            if (d is not null && (d.Differing > 0 || d.Unknown > 0))
                ReconcileLog.Differed(_logger, slice.ToString(), d.Missing, d.Stale, d.Damaged, d.Unknown, repaired, owed);
            tally.Add(shop.ShopId, stream, check, verdict, rows);
        }

        if (owedNow.Count > 0)
            await CopySink.WriteBatchAsync(_dataSource, new SinkBatch { Owed = owedNow, RunId = runId }, cancellationToken, _logger, _redactor);
    }

    private static string KindText(ReconcileSliceKind kind) => kind switch
    {
        ReconcileSliceKind.Day => "day",
        ReconcileSliceKind.Recent => "recent",
        ReconcileSliceKind.Resync => "resync",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string DepthText(ReconcileDepth depth) => depth switch
    {
        ReconcileDepth.Count => "count",
        ReconcileDepth.Full => "full",
        ReconcileDepth.Force => "force",
        _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, null),
    };

    /// <summary>
    /// The run's running totals (slices are recorded one round at a time, from one loop). A trade found by two slices (a
    /// day's by created and a recent one by modified) is one trade: the trade totals count each (shop, tid) once per kind.
    /// </summary>
    private sealed class Tally
    {
        private readonly HashSet<(string, SyncStream, long)> _owedSet = [];
        private readonly List<(string, long)> _owedTrades = [];
        private readonly List<(string, long)> _owedRefunds = [];
        private readonly Dictionary<string, HashSet<(string, SyncStream, long)>> _found = new(StringComparer.Ordinal);

        public int Slices { get; private set; }
        public int Differing { get; private set; }
        public long Missing => Found("missing", SyncStream.Trade);
        public long Stale => Found("stale", SyncStream.Trade);
        public long Damaged => Found("damaged", SyncStream.Trade);
        public long Unknown => Found("unknown", SyncStream.Trade);
        public long RefundsMissing => Found("missing", SyncStream.Refund);
        public long RefundsStale => Found("stale", SyncStream.Refund) + Found("damaged", SyncStream.Refund);
        public long Pending { get; private set; }
        public long Repaired => Found("repaired", SyncStream.Trade);
        public long RefundsRepaired => Found("repaired", SyncStream.Refund);
        public long Refetched { get; private set; }
        public int Unlisted { get; private set; }
        public int Resumed { get; private set; }
        public long TradesChecked { get; private set; }
        public long RefundsChecked { get; private set; }
        public long ListCalls { get; private set; }
        public IReadOnlyList<(string ShopId, long Tid)> OwedTrades => _owedTrades;
        public IReadOnlyList<(string ShopId, long RefundId)> OwedRefunds => _owedRefunds;

        public void AddResumed(int days) => Resumed += days;

        public void AddOwed(string shopId, SyncStream stream, long id)
        {
            if (!_owedSet.Add((shopId, stream, id))) return;
            (stream == SyncStream.Refund ? _owedRefunds : _owedTrades).Add((shopId, id));
        }

        public void Add(string shopId, SyncStream stream, SliceCheck check, string verdict, IReadOnlyList<ReconciliationTradeRow> rows)
        {
            Slices++;
            if (verdict != "ok") Differing++;
            if (check.Unlisted) Unlisted++;
            ListCalls += check.Calls;
            if (stream == SyncStream.Refund) RefundsChecked += check.PlatformCount ?? 0;
            else TradesChecked += check.PlatformCount ?? 0;
            foreach (var row in rows)
            {
                Mark(row.Finding, shopId, stream, row.Tid);
                if (row.Repaired == true && row.Finding is "missing" or "stale" or "damaged") Mark("repaired", shopId, stream, row.Tid);
            }

            if (check.Diff is not { } diff) return;
            Pending += diff.Pending;
            Refetched += diff.ToFetch.Count;
        }

        private void Mark(string kind, string shopId, SyncStream stream, long id)
        {
            if (!_found.TryGetValue(kind, out var set)) _found[kind] = set = [];
            set.Add((shopId, stream, id));
        }

        private long Found(string kind, SyncStream stream) => _found.TryGetValue(kind, out var set) ? set.Count(k => k.Item2 == stream) : 0;
    }
}
