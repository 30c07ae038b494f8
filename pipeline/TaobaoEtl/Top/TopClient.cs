using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using TaobaoEtl.Configuration;
using TaobaoEtl.Top.Failures;
using TaobaoEtl.Top.Methods;
using TaobaoEtl.Top.Transport;
using TaobaoEtl.Top.Wire;

namespace TaobaoEtl.Top;

/// <summary>
/// The one way the pipeline talks to the Taobao Open Platform (real gateway or TopSim): one instance per gateway
/// and app key, sharing an <see cref="IRateGate"/> with every other client of that app key. Each call is signed,
/// sent as a POST with the system parameters in the query string and the API parameters in the form body (as the
/// official SDKs do), passes the rate gate, is bounded by a per-call timeout, retried with backoff when the
/// platform failed transiently, and fails with a classified <see cref="TopException"/> otherwise.
/// </summary>
public sealed class TopClient : IDisposable
{
    private readonly TopTransport _transport;
    private readonly string _appKey;
    private readonly int _maxBanRetries;
    private readonly TimeSpan _breakerPatience;
    private readonly TimeSpan _breakerBreak;
    private readonly IRateGate _gate;
    private readonly TopCallCounters _counters;
    private readonly IClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly TopFailureMap _failures;

    public TopClient(TopOptions options, IRateGate gate, TopCallCounters counters, IClock clock, TimeProvider timeProvider,
        ILogger<TopClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (!Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var gateway))
            throw new ArgumentException("Top:GatewayUrl must be an absolute URL", nameof(options));
        if (string.IsNullOrEmpty(options.AppKey)) throw new ArgumentException("Top:AppKey is required", nameof(options));
        if (string.IsNullOrEmpty(options.AppSecret)) throw new ArgumentException("Top:AppSecret is required", nameof(options));

        Gateway = gateway;
        _appKey = options.AppKey;
        _maxBanRetries = options.MaxBanRetries;
        _breakerPatience = options.BreakerPatience;
        _breakerBreak = options.BreakerBreakDuration;
        _gate = gate;
        _counters = counters;
        _clock = clock;
        _time = timeProvider;
        _logger = logger;
        _failures = new TopFailureMap(counters, logger, options.AppSecret, GatewayForLogs);

        _transport = new TopTransport(options, gateway, clock, timeProvider, _failures);
        _pipeline = BuildPipeline(options, timeProvider);
    }

    public Uri Gateway { get; }
    public IRateGate Gate => _gate;
    public TopCallCounters Counters => _counters;

    /// <summary>Platform clock − local clock, from the last <see cref="GetTimeAsync"/>; zero before the first.</summary>
    public Duration PlatformOffset => _transport.PlatformOffset;

    // ------------------------------------------------------------------ methods

    /// <summary><c>taobao.time.get</c>: the platform's clock; also sets <see cref="PlatformOffset"/>.</summary>
    public async Task<PlatformTime> GetTimeAsync(CancellationToken cancellationToken)
    {
        var before = _clock.GetCurrentInstant();
        var (time, answer) = await CallAsync(TopMethods.TimeGet(),
            static (body, answer) => (body.Time ?? throw Refused("no time in the answer"), answer),
            cancellationToken).ConfigureAwait(false);
        var after = _clock.GetCurrentInstant();
        var localMid = before + (after - before) / 2;
        var offset = time - localMid;
        _transport.PlatformOffset = offset;
        return new PlatformTime(time, offset, answer);
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
            static (body, answer) => new RefundPage(body.Refunds?.Refund ?? [], body.HasNext, body.TotalResults, answer),
            cancellationToken);
    }

    /// <summary><c>taobao.refund.get</c>: one refund.</summary>
    public Task<RefundResult> GetRefundAsync(TopSession session, long refundId, string fields, CancellationToken cancellationToken) =>
        CallAsync(TopMethods.RefundGet(session, refundId, fields),
            static (body, answer) => new RefundResult(
                body.Refund ?? throw Refused("no refund in the answer"), answer),
            cancellationToken);

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
        var request = call.Request;
        long? heldSince = null;
        for (var bans = 0; ; )
        {
            try
            {
                return await _pipeline.ExecuteAsync(
                    async token => await AttemptAsync(call, map, token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TopException ex) when (ex.Kind == TopErrorKind.CallLimited && ex is not TopQuotaExhaustedException
                                          && bans < _maxBanRetries)
            {
                // The ban closed the gate for everyone; the next attempt waits there until it opens.
                bans++;
            }
            catch (BrokenCircuitException ex) when (HeldBackFor(ref heldSince) < _breakerPatience)
            {
                // The breaker slows the run down while the gateway fails (the seed's "degrade"); only a breaker that stays open
                // past the patience is an outage. The wait ends when the breaker lets its next probe through.
                await Task.Delay(ex.RetryAfter is { } after && after > TimeSpan.Zero ? after : _breakerBreak, _time, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (BrokenCircuitException ex)
            {
                throw new TopException(TopErrorKind.Transient, request.Method, null, null,
                    "Circuit open", "too many calls to the gateway failed; calls are held back", null, innerException: ex);
            }
        }
    }

    private TimeSpan HeldBackFor(ref long? since)
    {
        since ??= _time.GetTimestamp();
        return _time.GetElapsedTime(since.Value);
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

        if (envelope?.Error is { } error) throw MeetBan(_failures.Platform(request, error));
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

    // ------------------------------------------------------------------ failures

    // A code 7 closes the gate for every caller; a ban longer than the run waits stops the run instead.
    private TopException MeetBan(TopException failure)
    {
        if (failure.Kind != TopErrorKind.CallLimited) return failure;
        var ban = failure.BanLength!.Value;
        var scope = failure.BanScope;
        _counters.RecordBan(scope);
        var seconds = (long)Math.Ceiling(ban.TotalSeconds);
        if (!_gate.Close(ban, failure.Method, failure.SubCode, failure.SubMsg, failure.RequestId))
        {
            _logger.QuotaExhausted(failure.Method, seconds, scope, failure.RequestId);
            return _gate.StopFor(failure.Method, failure.SubCode, failure.SubMsg, failure.RequestId, ban);
        }
        _logger.BanStarted(failure.Method, scope, failure.SubCode, seconds, failure.RequestId);
        return failure;
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
        long? tid = null;
        if (trade.TryGetProperty("tid", out var tidValue))
        {
            if (tidValue.ValueKind == JsonValueKind.Number && tidValue.TryGetInt64(out var n)) tid = n;
            else if (tidValue.ValueKind == JsonValueKind.String
                     && long.TryParse(tidValue.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) tid = s;
        }
        Instant? modified = null;
        if (trade.TryGetProperty("modified", out var modifiedValue))
        {
            // Both forms the wire accepts (PlatformInstantConverter): a version in either must pass the future check.
            if (modifiedValue.ValueKind == JsonValueKind.String && TopTime.TryParse(modifiedValue.GetString(), out var m)) modified = m;
            else if (modifiedValue.ValueKind == JsonValueKind.Number && modifiedValue.TryGetInt64(out var ms)
                     && ms is >= -62135596800000 and <= 253402300799999) modified = Instant.FromUnixTimeMilliseconds(ms);
        }
        if (FullInfoAnswerCheck.Refusal(requestedTid, tid, tidRequired, modified, answer.DatedAt) is { } refusal) throw Refused(refusal);
        return new FullInfoResult(requestedTid, modified, JsonMarshal.GetRawUtf8Value(trade).ToArray(), answer);
    }

    // ------------------------------------------------------------------ resilience

    private ResiliencePipeline BuildPipeline(TopOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = "top" };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // Allow-list: only what is known to be the platform's or the network's fault. Never the caller's
                // cancellation (an OperationCanceledException is not handled here), never an unknown error.
                // Unrecognized codes and malformed answers are not proven to be the caller's fault: retried too,
                // bounded, then thrown (the run stops with 69, or the detail path quarantines the trade as owed).
                // An open breaker is not retried here (its attempts would be spent in milliseconds while it stays open): the
                // call waits it out in CallAsync.
                ShouldHandle = new PredicateBuilder()
                    .Handle<TopException>(static e => e.Kind is TopErrorKind.Transient or TopErrorKind.Unrecognized or TopErrorKind.MalformedAnswer),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = args =>
                {
                    var method = args.Outcome.Exception is TopException top ? top.Method : "gateway";
                    _counters.RecordRetry(method);
                    _logger.RetryScheduled(method, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }
        var failureRatio = options.BreakerFailureRatio;
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TopException>(static e => e.Kind == TopErrorKind.Transient),
            FailureRatio = failureRatio,
            SamplingDuration = options.BreakerSamplingDuration,
            MinimumThroughput = options.BreakerMinimumThroughput,
            BreakDuration = options.BreakerBreakDuration,
            OnOpened = args =>
            {
                _counters.RecordBreakerOpened();
                _logger.BreakerOpened(failureRatio, args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                _logger.BreakerClosed();
                return default;
            },
        });
        return builder.Build();
    }

    public void Dispose() => _transport.Dispose();

    public override string ToString() => $"TopClient({GatewayForLogs}, app_key {_appKey})";

    // Scheme, host, port and path: never a query or the user-info part of the URL, which may hold a credential.
    private string GatewayForLogs => $"{Gateway.Scheme}://{Gateway.Authority}{Gateway.AbsolutePath}";
}
