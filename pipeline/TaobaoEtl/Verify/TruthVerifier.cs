using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Verify;

/// <summary>
/// Compares the staging tables with the platform's ground truth (TopSim's <c>/sim/truth</c>, streamed) and says
/// what is missing, stale, extra or wrong. The database is read first, in one snapshot, and reduced to a
/// version and two digests per trade; the truth then streams by once and never sits in memory whole.
/// Run it while no sync writes, or accept that what a sync commits meanwhile is judged by the snapshot.
/// </summary>
public sealed class TruthVerifier
{
    private readonly NpgsqlDataSource _db;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    /// <param name="db">The database whose staging tables are verified (read only, one snapshot per call).</param>
    /// <param name="http">Reaches TopSim's control endpoints; the caller owns it. The truth is read as it streams (headers first), so a large world is bounded by the token, not by the client's timeout.</param>
    /// <param name="logger">Per-shop scope and the summary at Information; each listed offender at Debug.</param>
    public TruthVerifier(NpgsqlDataSource db, HttpClient http, ILogger? logger = null)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Verifies the shops of <paramref name="scope"/> against the truth of the simulator at <paramref name="simBaseUri"/>.</summary>
    /// <exception cref="ArgumentException">A shop of the scope is not in <c>etl.shop</c>, or the scope is invalid.</exception>
    /// <exception cref="VerifyScopeException">etl.shop is empty, or two of its shops share a seller nick.</exception>
    /// <exception cref="HttpRequestException">The simulator cannot be reached or refuses.</exception>
    public async Task<VerifyReport> VerifyAsync(Uri simBaseUri, VerifyScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(simBaseUri);
        ArgumentNullException.ThrowIfNull(scope);
        if (!simBaseUri.IsAbsoluteUri) throw new ArgumentException("The simulator's address must be absolute.", nameof(simBaseUri));
        scope.Validate();

        var platformNow = await ReadSimNowAsync(simBaseUri, cancellationToken);
        await using var snapshot = await StagingSnapshot.OpenAsync(_db, cancellationToken);
        var shops = await snapshot.ReadShopsAsync(scope.ShopIds, cancellationToken);
        if (shops.Count == 0)
            throw new VerifyScopeException("etl.shop holds no shop: nothing was synced, so nothing can be verified.");
        var tally = new VerifyTally(scope.OffenderLimit);
        var checks = new List<ShopCheck>(shops.Count);
        foreach (var shop in shops)
        {
            var shopScope = ShopScope.Derive(shop.ShopId, shop.SellerNick, shop.Backfill, shop.TradeWatermark, shop.RefundWatermark, scope, platformNow);
            var check = new ShopCheck(shopScope,
                await snapshot.ReadTradesAsync(shop.ShopId, cancellationToken),
                await snapshot.ReadRefundsAsync(shop.ShopId, cancellationToken))
            {
                Owed = await snapshot.ReadOpenOwedTidsAsync(shop.ShopId, cancellationToken),
            };
            tally.TradesDb += check.Trades.Count;
            checks.Add(check);
            VerifyLog.ShopInScope(_logger, shop.ShopId, shop.SellerNick, check.Trades.Count, check.Refunds.Count,
                PlatformTime.Format(shopScope.BackfillFrom), PlatformTime.Format(shopScope.InitialWatermark), PlatformTime.Format(shopScope.PendingFrom));
        }

        var matcher = new ShopMatcher(checks);
        var truthNow = await CompareWithTruthAsync(simBaseUri, matcher, snapshot, tally, cancellationToken);
        foreach (var (platformShop, nick) in matcher.Unmatched) VerifyLog.ShopNotVerified(_logger, platformShop, nick);

        foreach (var check in checks)
        {
            if (!check.InTruth) VerifyLog.ShopNotInTruth(_logger, check.Scope.ShopId, check.Scope.SellerNick);
            foreach (var (tid, staged) in check.Trades)
            {
                if (staged.Seen) continue;
                Offend(tally, OffenceKind.Extra, check, tid, () => $"staged (modified {PlatformTime.Format(staged.Modified)}) but the platform has no such trade for seller {check.Scope.SellerNick}");
            }

            foreach (var (refundId, staged) in check.Refunds)
            {
                if (staged.Seen) continue;
                Offend(tally, OffenceKind.RefundExtra, check, staged.Tid ?? 0, () => $"refund {refundId} staged (modified {PlatformTime.Format(staged.Modified)}) but the platform has no such refund for seller {check.Scope.SellerNick}");
            }
        }

        var shopIds = checks.Select(c => c.Scope.ShopId).ToList();
        var report = tally.ToReport(
            await snapshot.CountQuarantinedAsync(shopIds, cancellationToken),
            await snapshot.CountOpenDeadLettersAsync(shopIds, cancellationToken),
            await snapshot.CountOpenOwedAsync(shopIds, cancellationToken),
            checks.Select(c => c.Scope).ToList());
        VerifyLog.Verified(_logger, truthNow is { } at ? PlatformTime.Format(at) : "?", report.TradesTruth, report.TradesDb, report.Missing, report.Stale,
            report.Extra, report.FieldMismatch, report.LinesMismatch, report.RefundsMissing, report.RefundsStale, report.RefundsExtra, report.Pending);
        return report;
    }

    private async Task<Instant> ReadSimNowAsync(Uri simBaseUri, CancellationToken cancellationToken)
    {
        var clock = await _http.GetFromJsonAsync(new Uri(simBaseUri, "/sim/clock"), VerifyJsonContext.Default.SimClockReading, cancellationToken)
            ?? throw new HttpRequestException("The simulator's /sim/clock answered nothing.");
        return Instant.FromUnixTimeMilliseconds(clock.EpochMillis);
    }

    /// <summary>Streams the truth once; returns the truth's instant (its Date header) when given.</summary>
    private async Task<Instant?> CompareWithTruthAsync(Uri simBaseUri, ShopMatcher matcher, StagingSnapshot snapshot, VerifyTally tally,
        CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(simBaseUri, "/sim/truth"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        Instant? truthNow = response.Headers.Date is { } date ? Instant.FromDateTimeOffset(date) : null;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);

        ShopCheck? tradeShop = null;
        await foreach (var line in JsonSerializer.DeserializeAsyncEnumerable(body, VerifyJsonContext.Default.TruthLine, topLevelValues: true, cancellationToken))
        {
            if (line is null) continue;
            switch (line.Kind)
            {
                case TruthLine.TradeKind:
                    tradeShop = matcher.Match(line);
                    if (tradeShop is not null) await CompareTradeAsync(tradeShop, line, snapshot, tally, cancellationToken);
                    break;
                case TruthLine.RefundKind:
                    // A refund line follows its trade (that names its shop). The refund stream is owed by its own coverage, the
                    // refund's modified (ShopScope.OwesRefund), whatever its trade's; any refund of a verified shop the truth
                    // names is no extra.
                    if (tradeShop is not null) CompareRefund(tradeShop, line, tally);
                    break;
                default:
                    // A kind this reader does not know yet: not a trade, so nothing to compare.
                    break;
            }
        }

        return truthNow;
    }

    /// <summary>Classifies one truth trade.</summary>
    private async Task CompareTradeAsync(ShopCheck shop, TruthLine truth, StagingSnapshot snapshot, VerifyTally tally, CancellationToken cancellationToken)
    {
        var created = truth.Created ?? throw new InvalidDataException($"Truth trade {truth.Tid} has no 'created'.");
        var modified = truth.Modified ?? throw new InvalidDataException($"Truth trade {truth.Tid} has no 'modified'.");
        var scope = shop.Scope;
        var covered = scope.Covers(created, modified);
        var pending = scope.IsPending(modified, truth.IndexedAt);
        if (covered) tally.TradesTruth++;

        ref var staged = ref CollectionsMarshal.GetValueRefOrNullRef(shop.Trades, truth.Tid);
        if (Unsafe.IsNullRef(ref staged))
        {
            if (!covered) return;
            // A trade a run listed and could not store is not late in the list index: it is missing until stored.
            var owed = shop.Owed.Contains(truth.Tid);
            if (pending && !owed) tally.Pending++;
            else Offend(tally, OffenceKind.Missing, shop, truth.Tid, () => $"not staged{(owed ? " (owed: listed, not stored yet)" : "")}; created {PlatformTime.Format(created)}, modified {PlatformTime.Format(modified)}, status {truth.Status}");
            return;
        }

        staged.Seen = true;
        var stagedModified = staged.Modified;
        if (stagedModified < modified)
        {
            if (pending)
            {
                if (covered) tally.Pending++;
            }
            else
            {
                Offend(tally, OffenceKind.Stale, shop, truth.Tid, () => $"staging modified {PlatformTime.Format(stagedModified)}, truth modified {PlatformTime.Format(modified)}");
            }

            return;
        }

        if (stagedModified > modified)
        {
            Offend(tally, OffenceKind.FieldMismatch, shop, truth.Tid, () => $"modified: staging {PlatformTime.Format(stagedModified)} is after the truth's {PlatformTime.Format(modified)}");
            return;
        }

        var image = TradeImage.FromTruth(truth);
        var lines = (truth.Lines ?? []).Select(LineImage.FromTruth).OrderBy(l => l.Oid).ToList();
        var fieldsDiffer = image.Fingerprint() != staged.Fields;
        var linesDiffer = LineImage.Fingerprint(lines) != staged.Lines;
        if (!fieldsDiffer && !linesDiffer) return;
        if (pending)
        {
            // Same second, other content: a same-second change the next run's look-back refetches.
            if (covered) tally.Pending++;
            return;
        }

        var stored = (fieldsDiffer ? tally.Lists(OffenceKind.FieldMismatch) : tally.Lists(OffenceKind.LinesMismatch))
            ? await snapshot.ReadTradeAsync(scope.ShopId, truth.Tid, cancellationToken)
            : null;
        if (fieldsDiffer)
        {
            Offend(tally, OffenceKind.FieldMismatch, shop, truth.Tid, () => stored is { } s
                ? $"modified {PlatformTime.Format(modified)}: {string.Join("; ", image.DifferencesFrom(s.Trade))}"
                : "key fields differ");
        }

        if (linesDiffer)
        {
            Offend(tally, OffenceKind.LinesMismatch, shop, truth.Tid, () => stored is { } s
                ? $"modified {PlatformTime.Format(modified)}: {string.Join("; ", LineImage.Differences(lines, s.Lines))}"
                : "lines differ");
        }

        return;
    }

    /// <summary>
    /// Classifies one truth refund of <paramref name="shop"/>: missing when due and not staged, stale when due and staged
    /// with another version or content (<see cref="RefundComparison"/>).
    /// </summary>
    private void CompareRefund(ShopCheck shop, TruthLine refund, VerifyTally tally)
    {
        if (refund.RefundId is not { } refundId) return;
        ref var staged = ref CollectionsMarshal.GetValueRefOrNullRef(shop.Refunds, refundId);
        var isStaged = !Unsafe.IsNullRef(ref staged);
        if (isStaged) staged.Seen = true;
        if (refund.Modified is not { } modified || !shop.Scope.OwesRefund(modified)) return;
        var billType = refund.BillType is { } bill ? $", {bill}" : "";
        if (!isStaged)
        {
            Offend(tally, OffenceKind.RefundMissing, shop, refund.Tid,
                () => $"refund {refundId}{billType} (modified {PlatformTime.Format(modified)}, status {refund.Status}) not staged");
            return;
        }

        var differences = RefundComparison.Differences(staged, refund, modified);
        if (differences.Count > 0)
            Offend(tally, OffenceKind.RefundStale, shop, refund.Tid, () => $"refund {refundId}{billType}: {string.Join("; ", differences)}");
    }

    private void Offend(VerifyTally tally, OffenceKind kind, ShopCheck shop, long tid, Func<string> detail)
    {
        var listed = tally.Lists(kind);
        tally.Count(kind, tid, shop.Scope.ShopId, detail);
        if (listed && _logger.IsEnabled(LogLevel.Debug)) VerifyLog.Offence(_logger, kind.ToString(), shop.Scope.ShopId, tid, detail());
    }
}
