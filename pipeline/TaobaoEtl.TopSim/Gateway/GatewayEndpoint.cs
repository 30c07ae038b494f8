using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NodaTime;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Gateway.Methods;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>
/// <c>/router/rest</c>: checks a call as the real gateway does (system parameters, app key, limits, timestamp against
/// the host's real clock, signature, method, session), injects the hostile faults, then answers in the platform's
/// envelopes with the simulated clock in the <c>Date</c> header.
/// </summary>
internal sealed class GatewayEndpoint(SimContext sim)
{
    private static readonly Duration TimestampTolerance = Duration.FromMinutes(10);

    private static readonly Dictionary<string, (bool NeedsSession, Func<CallContext, Answer> Handle)> Methods = new(StringComparer.Ordinal)
    {
        ["taobao.time.get"] = (false, TimeGet.Handle),
        [TradesSoldGet.Name] = (true, TradesSoldGet.Handle),
        [TradesSoldIncrementGet.Name] = (true, TradesSoldIncrementGet.Handle),
        [TradeFullinfoGet.Name] = (true, TradeFullinfoGet.Handle),
        ["taobao.refunds.receive.get"] = (true, RefundsReceiveGet.Handle),
        ["taobao.refund.get"] = (true, RefundGet.Handle),
        ["taobao.tmc.user.permit"] = (true, TmcMethods.Permit),
        ["taobao.tmc.user.get"] = (true, TmcUserMethods.Get),
        ["taobao.tmc.user.cancel"] = (true, TmcUserMethods.Cancel),
        ["taobao.tmc.messages.consume"] = (false, TmcMethods.Consume),
        ["taobao.tmc.messages.confirm"] = (false, TmcMethods.Confirm),
    };

    private long _calls;

    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var call = Interlocked.Increment(ref _calls);
        var p = await RequestParameters.ReadAsync(http.Request, cancellationToken);
        // The read: the instant the handler takes its snapshot of the world. Date is stamped later, when the reply leaves.
        var now = sim.Clock.Now;
        var faults = sim.Faults;
        var requestId = Draw(call, 11) < faults.RequestIdAbsentRate ? null : RequestId(call);

        var refused = Admit(p, now, out var method, out var shopIndex);
        if (refused is not null)
        {
            if (refused.Code != 7) sim.Stats.CallerError(refused.Code);
            await WriteAsync(http, Envelope(refused, requestId, faults), cancellationToken);
            return;
        }

        // The platform failing, not the caller: drawn per call from the seed, so a replay injects the same faults.
        if (Draw(call, 2) < faults.Http5xxRate)
        {
            await WriteHttp5xxAsync(http, call, "http_", cancellationToken);
            return;
        }

        if (Draw(call, 4) < faults.IspErrorRate)
        {
            sim.Stats.Injected("isp");
            await WriteAsync(http, Envelope(TopError.PlatformFailure(Draw(call, 5)), requestId, faults), cancellationToken);
            return;
        }

        if (method is TradesSoldGet.Name or TradesSoldIncrementGet.Name
            && Draw(call, 7) < (sim.World.IsPeak(sim.World.ToMs(now)) ? faults.PeakOverloadRate : faults.OverloadRate))
        {
            sim.Stats.Injected("overload_520");
            await WriteAsync(http, Envelope(TopError.Overloaded, requestId, faults), cancellationToken);
            return;
        }

        var context = new CallContext(sim, p, method!, shopIndex, now, faults, call);
        var answer = Methods[method!].Handle(context);
        byte[] body;
        if (answer is Failure failure)
        {
            sim.Stats.CallerError(failure.Error.Code);
            body = Envelope(failure.Error, requestId, faults);
        }
        else
        {
            sim.Stats.Served(method!);
            body = SuccessEnvelope(method!, ((Success)answer).Body, requestId);
        }

        // The work is done (a consume moved its cursor, a page was cut); the answer is lost on the way back.
        if (Draw(call, 8) < faults.IspAfterWorkRate)
        {
            sim.Stats.Injected("isp_after_work");
            await WriteAsync(http, Envelope(TopError.PlatformFailure(Draw(call, 9)), requestId, faults), cancellationToken);
            return;
        }

        if (Draw(call, 10) < faults.Http5xxAfterWorkRate)
        {
            await WriteHttp5xxAsync(http, call, "http_after_work_", cancellationToken);
            return;
        }

        // Delays fall between the read and the reply, never before the read: the Date stamped below is later than it.
        if (Draw(call, 1) < faults.SlowResponseRate) await HoldAsync("slow_response", faults.SlowResponseDelay, cancellationToken);
        if (Draw(call, 12) < faults.ReplyDelayRate) await HoldAsync("reply_delay", faults.ReplyDelay, cancellationToken);

        if (Draw(call, 6) < faults.DropConnectionRate)
        {
            sim.Stats.Injected("dropped_connection");
            StampDate(http);
            http.Response.ContentType = "application/json;charset=UTF-8";
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
            http.Abort();
            return;
        }

        await WriteAsync(http, body, cancellationToken);
    }

    private async Task HoldAsync(string kind, TimeSpan delay, CancellationToken cancellationToken)
    {
        // The timer exists before the counter moves: a test that sees the counter can move a fake clock past it.
        var held = Task.Delay(delay, sim.Real, cancellationToken);
        sim.Stats.Injected(kind);
        await held;
    }

    private async Task WriteHttp5xxAsync(HttpContext http, long call, string kind, CancellationToken cancellationToken)
    {
        var status = Draw(call, 3) < 0.5 ? 502 : 503;
        sim.Stats.Injected(kind + status.ToString(CultureInfo.InvariantCulture));
        StampDate(http);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html";
        await http.Response.WriteAsync($"<html><head><title>{status}</title></head><body><center><h1>{status}</h1></center><hr><center>Tengine</center></body></html>", cancellationToken);
    }

    /// <summary>HTTP's Date (RFC 9110 §6.6.1): when the message leaves, on the simulated clock, to the second.</summary>
    private void StampDate(HttpContext http) =>
        http.Response.Headers.Date = sim.Clock.Now.ToDateTimeOffset().ToString("R", CultureInfo.InvariantCulture);

    private TopError? Admit(RequestParameters p, Instant now, out string? method, out int shopIndex)
    {
        method = p["method"];
        shopIndex = -1;
        if (p["format"] is { } format && format != "json") return TopError.InvalidFormat;
        if (method is null) return TopError.MissingMethod;
        if (p["app_key"] is not { } appKey) return TopError.MissingAppKey;
        if (appKey != sim.AppKey) return TopError.InvalidAppKey;
        if (sim.Gate.Admit(sim.Faults) is { } limited) return limited;
        if (p["v"] is not { } version) return TopError.MissingVersion;
        if (version != "2.0") return TopError.InvalidVersion;
        if (p["timestamp"] is not { } timestampText) return TopError.MissingTimestamp;
        // Against the host's real clock in GMT+8, never the simulated one: real clients sign with their own clock.
        var realNow = Instant.FromDateTimeOffset(sim.Real.GetUtcNow());
        if (!PlatformTime.TryParseTimestamp(timestampText, out var timestamp) || Duration.Max(timestamp - realNow, realNow - timestamp) > TimestampTolerance)
            return TopError.InvalidTimestamp;
        var signMethod = p["sign_method"] ?? "md5";
        if (!TopSignature.Methods.Contains(signMethod)) return TopError.InvalidSignature with { SubMsg = "不支持的签名方法" };
        if (p["sign"] is not { } sign) return TopError.MissingSignature;
        if (!TopSignature.Matches(TopSignature.Compute(p.All, sim.AppSecret, signMethod), sign)) return TopError.InvalidSignature;
        if (!Methods.TryGetValue(method, out var entry)) return TopError.InvalidMethod;
        if (!entry.NeedsSession) return null;
        if ((p["session"] ?? p["access_token"]) is not { } session) return TopError.MissingSession;
        var shops = sim.World.Shops;
        for (var i = 0; i < shops.Count; i++)
        {
            if (shops[i].Session != session) continue;
            if (sim.Faults.SessionExpiry(shops[i].ShopId) is { } expires && now >= Instant.FromDateTimeOffset(expires)) return TopError.ExpiredSession;
            shopIndex = i;
            return null;
        }

        return TopError.InvalidSession;
    }

    private double Draw(long call, int kind) => SplitMix.Unit(SplitMix.Hash(sim.World.Seed, call, 1000 + kind));

    private string RequestId(long call)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var x = SplitMix.Hash(sim.World.Seed, call, 999);
        var text = new StringBuilder(13);
        for (var i = 0; i < 13; i++)
        {
            text.Append(digits[(int)(x % 36)]);
            x /= 36;
            if (x == 0) x = SplitMix.Hash(sim.World.Seed, call, 998 - i);
        }

        return text.ToString();
    }

    private static byte[] Envelope(TopError error, string? requestId, FaultOptions faults) => Json(w =>
    {
        if (faults.RealErrorBodies) error = error.AsThePlatformWritesIt();
        w.WriteStartObject();
        w.WriteStartObject("error_response");
        w.WriteNumber("code", error.Code);
        w.WriteString("msg", error.Msg);
        if (error.SubCode is not null) w.WriteString("sub_code", error.SubCode);
        if (error.SubMsg is not null) w.WriteString("sub_msg", error.SubMsg);
        if (requestId is not null) w.WriteString("request_id", requestId);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] SuccessEnvelope(string method, Action<Utf8JsonWriter> body, string? requestId) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject(method["taobao.".Length..].Replace('.', '_') + "_response");
        body(w);
        if (requestId is not null) w.WriteString("request_id", requestId);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, JsonOut.Options)) write(w);
        return buffer.WrittenSpan.ToArray();
    }

    private async Task WriteAsync(HttpContext http, byte[] body, CancellationToken cancellationToken)
    {
        StampDate(http);
        http.Response.ContentType = "application/json;charset=UTF-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, cancellationToken);
    }
}
