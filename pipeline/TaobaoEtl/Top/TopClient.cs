using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Top.Failures;
using TaobaoEtl.Top.Methods;
using TaobaoEtl.Top.Resilience;
using TaobaoEtl.Top.Transport;
using TaobaoEtl.Top.Wire;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Top;

/// <summary>
/// The one way the pipeline talks to the Taobao Open Platform (real gateway or TopSim): one instance per gateway
/// and app key, sharing an <see cref="IRateGate"/> with every other client of that app key. Each call is built from
/// the method catalogue (<see cref="TopMethods"/>), passes the rate gate, is signed and sent by
/// <see cref="TopTransport"/> within a per-call timeout, retried by <see cref="TopResilience"/> when the platform failed
/// transiently, and fails with a classified <see cref="TopException"/> (<see cref="TopFailureMap"/>) otherwise. What
/// stays here is the attempt's order and what each answer means for the pipeline.
/// </summary>
public sealed class TopClient : IDisposable
{
    private readonly string _appKey;
    private readonly IRateGate _gate;
    private readonly TopCallCounters _counters;
    private readonly IClock _clock;
    private readonly TopFailureMap _failures;
    private readonly TopTransport _transport;
    private readonly BanResponse _bans;
    private readonly TopResilience _resilience;

    public TopClient(TopOptions options, IRateGate gate, TopCallCounters counters, IClock clock, TimeProvider timeProvider,
        ILogger<TopClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.GatewayUrl is not { IsAbsoluteUri: true } gateway)
            throw new ArgumentException("Top:GatewayUrl must be an absolute URL", nameof(options));
        if (string.IsNullOrEmpty(options.AppKey)) throw new ArgumentException("Top:AppKey is required", nameof(options));
        if (string.IsNullOrEmpty(options.AppSecret)) throw new ArgumentException("Top:AppSecret is required", nameof(options));

        Gateway = gateway;
        _appKey = options.AppKey;
        _gate = gate;
        _counters = counters;
        _clock = clock;
        // One logger for every room, so the lines keep the client's category.
        _failures = new TopFailureMap(counters, logger, options.AppSecret, GatewayForLogs);
        _transport = new TopTransport(options, gateway, clock, timeProvider, _failures);
        _bans = new BanResponse(gate, counters, logger);
        _resilience = new TopResilience(options, timeProvider, counters, logger);
    }

    public Uri Gateway { get; }
    public IRateGate Gate => _gate;
    public TopCallCounters Counters => _counters;

    /// <summary>Platform clock − local clock, from the last <see cref="GetTimeAsync"/>; zero before the first.</summary>
    public Duration PlatformOffset => _transport.PlatformOffset;

    // ------------------------------------------------------------------ methods

    /// <summary><c>taobao.time.get</c>: the platform's clock; also sets <see cref="PlatformOffset"/>.</summary>
    public async Task<PlatformClockReading> GetTimeAsync(CancellationToken cancellationToken)
    {
        var before = _clock.GetCurrentInstant();
        var (time, answer) = await CallAsync(TopMethods.TimeGet(),
            static (body, answer) => (body.Time ?? throw Refused("no time in the answer"), answer),
            cancellationToken).ConfigureAwait(false);
        var after = _clock.GetCurrentInstant();
        var localMid = before + (after - before) / 2;
        var offset = time - localMid;
        _transport.PlatformOffset = offset;
        return new PlatformClockReading(time, offset, answer);
    }

    /// <summary><c>taobao.trades.sold.get</c>: one page of trades created in the query's window.</summary>
    public Task<TradeListPage> GetSoldTidsAsync(TopSession session, SoldTradesQuery query, CancellationToken cancellationToken) =>
        GetTradePageAsync(session, query, cancellationToken);

    /// <summary><c>taobao.trades.sold.increment.get</c>: one page of trades modified in the query's window (newest first).</summary>
    public Task<TradeListPage> GetIncrementTidsAsync(TopSession session, IncrementTradesQuery query, CancellationToken cancellationToken) =>
        GetTradePageAsync(session, query, cancellationToken);

    /// <summary>One page of the trade list the query names (<see cref="SoldTradesQuery"/> or <see cref="IncrementTradesQuery"/>).</summary>
    public Task<TradeListPage> GetTradePageAsync(TopSession session, TradeListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(query);
        return CallAsync(query.Method.Call(session, query), ToPage, cancellationToken);
    }

    /// <summary>
    /// <c>taobao.trade.fullinfo.get</c>: the raw <c>trade</c> JSON with a lower bound of the instant the platform read
    /// it (<see cref="FullInfoResult.ReadNotBefore"/>). An unknown tid is a <see cref="TopErrorKind.CallerError"/>
    /// (<c>isv.trade-not-exist</c>); an answer for another tid, with a <c>modified</c> from the future
    /// (<see cref="FullInfoAnswerCheck"/>) or malformed is retried, then a <see cref="TopMalformedAnswerException"/>.
    /// </summary>
    public Task<FullInfoResult> GetFullInfoAsync(TopSession session, long tid, string fields, CancellationToken cancellationToken)
    {
        var call = TopMethods.TradeFullInfo(session, tid, fields);
        var tidRequired = AsksFor(fields, "tid");
        return CallAsync(call, (body, answer) => ToFullInfo(body, answer, tid, tidRequired), cancellationToken);
    }

    /// <summary><c>taobao.trade.fullinfo.get</c> with <see cref="TradeFields.FullInfo"/>, the fields the ERP needs.</summary>
    public Task<FullInfoResult> GetFullInfoAsync(TopSession session, long tid, CancellationToken cancellationToken) =>
        GetFullInfoAsync(session, tid, TradeFields.FullInfo, cancellationToken);

    /// <summary><c>taobao.refunds.receive.get</c>: one page of refunds modified in the query's window.</summary>
    public Task<RefundPage> GetRefundsReceivedAsync(TopSession session, RefundsReceivedQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(query);
        return CallAsync(TopMethods.RefundsReceive.Call(session, query),
            static (body, answer) => new RefundPage(ToRefundItems(body.Refunds?.Refund), body.HasNext, body.TotalResults, answer),
            cancellationToken);
    }

    /// <summary>
    /// <c>taobao.refund.get</c>: the raw <c>refund</c> JSON. An answer for another refund or with a <c>modified</c> from
    /// the future is retried, then a <see cref="TopMalformedAnswerException"/>, as for a trade's detail.
    /// </summary>
    public Task<RefundResult> GetRefundAsync(TopSession session, long refundId, string fields, CancellationToken cancellationToken)
    {
        var idRequired = AsksFor(fields, "refund_id");
        return CallAsync(TopMethods.RefundGet(session, refundId, fields),
            (body, answer) => ToRefund(body, answer, refundId, idRequired), cancellationToken);
    }

    /// <summary>
    /// <c>taobao.tmc.user.permit</c> with the seller's session. <paramref name="topics"/> REPLACES the seller's whole
    /// topic set: pass all topics or none (none = every topic the app subscribes).
    /// </summary>
    public Task<bool> PermitTmcUserAsync(TopSession session, IReadOnlyCollection<string>? topics, CancellationToken cancellationToken) =>
        CallAsync(TopMethods.TmcUserPermit(session, topics), static (body, _) => body.IsSuccess, cancellationToken);

    /// <summary><c>taobao.tmc.messages.consume</c>: up to <paramref name="quantity"/> (10–200) messages; empty when none.</summary>
    public Task<IReadOnlyList<TmcMessage>> ConsumeMessagesAsync(string? groupName, int quantity, CancellationToken cancellationToken) =>
        CallAsync<TmcConsumeBody, IReadOnlyList<TmcMessage>>(TopMethods.TmcMessagesConsume(groupName, quantity),
            static (body, _) => body.Messages?.Message ?? [], cancellationToken);

    /// <summary><c>taobao.tmc.messages.confirm</c> for up to 200 message ids (sent as <c>s_message_ids</c>).</summary>
    public Task<bool> ConfirmMessagesAsync(IReadOnlyCollection<long> messageIds, string? groupName, CancellationToken cancellationToken) =>
        CallAsync(TopMethods.TmcMessagesConfirm(messageIds, groupName), static (body, _) => body.IsSuccess, cancellationToken);

    // ------------------------------------------------------------------ the call

    private async Task<TResult> CallAsync<TBody, TResult>(TopCall<TBody> call, Func<TBody, TopAnswer, TResult> map,
        CancellationToken cancellationToken)
        where TBody : TopBody
    {
        return await _resilience.ExecuteAsync(call.Request.Method,
            async token => await AttemptAsync(call, map, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<TResult> AttemptAsync<TBody, TResult>(TopCall<TBody> call, Func<TBody, TopAnswer, TResult> map,
        CancellationToken cancellationToken)
        where TBody : TopBody
    {
        var request = call.Request;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);

        using var delivery = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var (body, answer, status) = delivery;
        ITopEnvelope<TBody>? envelope;
        try
        {
            envelope = call.Read(body.Span);
        }
        catch (JsonException ex)
        {
            throw _failures.Malformed(request, "malformed JSON: " + ex.Message, body, status, null);
        }

        if (envelope?.Error is { } error) throw _bans.Meet(_failures.Platform(request, error));
        if (envelope?.Response is not { } reply)
            throw _failures.Malformed(request, "the answer has neither a response nor an error_response", body, status, null);

        answer = answer with { RequestId = reply.RequestId };
        TResult result;
        try
        {
            result = map(reply, answer);
        }
        catch (TopAnswerRefusedException ex)
        {
            throw _failures.Malformed(request, ex.Reason, body, status, reply.RequestId);
        }
        _counters.RecordCall(request.Method, TopCallOutcome.Success);
        return result;
    }

    private static TopAnswerRefusedException Refused(string reason) => new(reason);

    // Once per detail call: a span walk, not a Split of the hundred-odd field names into strings.
    private static bool AsksFor(string fields, string field)
    {
        var list = fields.AsSpan();
        foreach (var range in list.Split(','))
        {
            if (list[range].Trim().SequenceEqual(field)) return true;
        }

        return false;
    }

    // ------------------------------------------------------------------ mapping

    private static TradeListPage ToPage(TradesBody body, TopAnswer answer)
    {
        var trades = body.Trades?.Trade;
        var items = new TradeListItem[trades?.Count ?? 0];
        for (var i = 0; i < items.Length; i++)
        {
            var t = trades![i];
            items[i] = new TradeListItem(t.Tid, t.Modified, t.Created, t.Status, t.Type);
        }
        return new TradeListPage(items, body.HasNext, body.TotalResults, answer);
    }

    private static FullInfoResult ToFullInfo(FullInfoBody body, TopAnswer answer, long requestedTid, bool tidRequired)
    {
        if (body.Trade is not { ValueKind: JsonValueKind.Object } trade) throw Refused("no trade object in the answer");
        var tid = ReadId(trade, "tid");
        var modified = ReadModified(trade);
        if (FullInfoAnswerCheck.Refusal(requestedTid, tid, tidRequired, modified, answer.DatedAt) is { } refusal) throw Refused(refusal);
        return new FullInfoResult(requestedTid, modified, JsonMarshal.GetRawUtf8Value(trade).ToArray(), answer);
    }

    private static RefundResult ToRefund(RefundBody body, TopAnswer answer, long requestedId, bool idRequired)
    {
        if (body.Refund is not { ValueKind: JsonValueKind.Object } refund) throw Refused("no refund object in the answer");
        var modified = ReadModified(refund);
        if (FullInfoAnswerCheck.Refusal(requestedId, ReadId(refund, "refund_id"), idRequired, modified, answer.DatedAt, "refund_id") is { } refusal)
            throw Refused(refusal);
        return new RefundResult(requestedId, modified, JsonMarshal.GetRawUtf8Value(refund).ToArray(), answer);
    }

    // A page's refunds stay raw: the normalizer is the one reading of a refund, and one bad object is its own rejection,
    // not a failed page.
    private static IReadOnlyList<RefundListItem> ToRefundItems(List<JsonElement>? refunds) =>
        refunds is null
            ? []
            : [.. refunds.Select(r => r.ValueKind == JsonValueKind.Object
                ? new RefundListItem(ReadId(r, "refund_id"), ReadModified(r), JsonMarshal.GetRawUtf8Value(r).ToArray())
                : new RefundListItem(null, null, JsonMarshal.GetRawUtf8Value(r).ToArray()))];

    // An id as a number or a quoted number (the platform sends both; ids above 2^53 must never pass through a double).
    private static long? ReadId(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)) return n;
        if (value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return s;
        return null;
    }

    private static Instant? ReadModified(JsonElement item)
    {
        if (!item.TryGetProperty("modified", out var value)) return null;
        // Both forms the wire accepts (PlatformInstantConverter): a version in either must pass the future check.
        if (value.ValueKind == JsonValueKind.String && PlatformTime.TryParse(value.GetString(), out var m)) return m;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms)
            && ms is >= -62135596800000 and <= 253402300799999) return Instant.FromUnixTimeMilliseconds(ms);
        return null;
    }

    public void Dispose() => _transport.Dispose();

    public override string ToString() => $"TopClient({GatewayForLogs}, app_key {_appKey})";

    // Scheme, host, port and path: never a query or the user-info part of the URL, which may hold a credential.
    private string GatewayForLogs => $"{Gateway.Scheme}://{Gateway.Authority}{Gateway.AbsolutePath}";
}
