using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Top.Failures;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Top.Transport;

/// <summary>
/// One attempt over HTTP: signs the request (<see cref="TopSigner"/>), sends it as a POST with the system parameters in
/// the query string and the API parameters in the form body (as the official SDKs do), bounded by the per-call
/// timeout, and reads the body whole into a pooled buffer, dated by when the platform read it.
/// </summary>
internal sealed class TopTransport : IDisposable
{
    // A response without a Date header is dated by the local clock at the send corrected by time.get's offset;
    // time.get has one-second resolution, so the lower bound is moved back by this much to stay on the safe side.
    private static readonly Duration FallbackMargin = Duration.FromSeconds(2);

    private readonly HttpClient _http;
    private readonly string _gatewayPrefix;
    private readonly string _appKey;
    private readonly string _appSecret;
    private readonly TopSignMethod _signMethod;
    private readonly TimeSpan _callTimeout;
    private readonly IClock _clock;
    private readonly TimeProvider _time;
    private readonly TopFailureMap _failures;
    private long _platformOffsetTicks;

    public TopTransport(TopOptions options, Uri gateway, IClock clock, TimeProvider timeProvider, TopFailureMap failures)
    {
        _gatewayPrefix = gateway.AbsoluteUri + (string.IsNullOrEmpty(gateway.Query) ? "?" : "&");
        _appKey = options.AppKey;
        _appSecret = options.AppSecret;
        _signMethod = options.SignMethod;
        _callTimeout = options.CallTimeout;
        _clock = clock;
        _time = timeProvider;
        _failures = failures;

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnections,
            // Recycle connections now and then so a gateway behind DNS load balancing is re-resolved.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = options.CallTimeout,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        // The per-call timeout is ours (TimeProvider-driven) so it is told apart from the caller's cancellation.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Platform clock − local clock, from the last <c>taobao.time.get</c>: dates an answer without a Date header.</summary>
    public Duration PlatformOffset
    {
        get => Duration.FromTicks(Interlocked.Read(ref _platformOffsetTicks));
        set => Interlocked.Exchange(ref _platformOffsetTicks, value.BclCompatibleTicks);
    }

    /// <summary>The answer of an HTTP 200; any other status and a broken connection throw mapped by <see cref="TopFailureMap"/>.</summary>
    public async Task<TopDelivery> SendAsync(TopRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_callTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var message = BuildMessage(request);
            // Read just before the send: the platform cannot have read the data before this instant (the lower bound),
            // and the monotonic timestamp measures the round trip the platform held the request within.
            var sentLocal = _clock.GetCurrentInstant();
            var sentStamp = _time.GetTimestamp();
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            var answer = AnswerOf(response, sentLocal, _time.GetElapsedTime(sentStamp));
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
                throw _failures.HttpStatus(request, status);
            // Buffered, not streamed into the parser: a body that is no answer is kept whole for quarantine. The buffer is
            // pooled: the parser copies what it keeps (the trade), so a good answer costs no array of its own.
            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var body = await PooledAnswerBody.ReadAsync(stream, response.Content.Headers.ContentLength, linked.Token).ConfigureAwait(false);
                return new TopDelivery(body, answer, status);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _failures.Cancelled(request);
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw _failures.Transport(request, $"no answer within {_callTimeout.TotalSeconds:0.###}s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw _failures.Transport(request, $"connection failed ({ex.HttpRequestError})", ex);
        }
        catch (IOException ex)
        {
            throw _failures.Transport(request, "connection dropped while reading the answer", ex);
        }
    }

    private HttpRequestMessage BuildMessage(TopRequest request)
    {
        var system = new List<KeyValuePair<string, string>>(8)
        {
            new("method", request.Method),
            new("app_key", _appKey),
            new("timestamp", PlatformTime.Format(_clock.GetCurrentInstant())),
            new("format", "json"),
            new("v", "2.0"),
            new("sign_method", _signMethod.WireName()),
        };
        if (request.Session is { } session) system.Add(new("session", session.Value));
        system.Add(new("sign", TopSigner.Sign(system.Concat(request.Parameters), _appSecret, _signMethod)));

        var url = new StringBuilder(_gatewayPrefix);
        for (var i = 0; i < system.Count; i++)
        {
            if (i > 0) url.Append('&');
            url.Append(Uri.EscapeDataString(system[i].Key)).Append('=').Append(Uri.EscapeDataString(system[i].Value));
        }

        var content = new FormUrlEncodedContent(request.Parameters);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        return new HttpRequestMessage(HttpMethod.Post, new Uri(url.ToString())) { Content = content };
    }

    // The read instant r lies between the send and the Date stamp (top-api.md §2a). Date is stamped when the answer
    // leaves, at most one round trip after the request arrived, and the request cannot arrive before it was sent:
    // so floor(Date) − round trip ≤ (arrival) ≤ r, on the platform's own clock, with no clock offset involved.
    private TopAnswer AnswerOf(HttpResponseMessage response, Instant sentLocal, TimeSpan roundTrip)
    {
        if (response.Headers.Date is { } date)
        {
            var dated = Instant.FromDateTimeOffset(date);
            var second = Instant.FromUnixTimeSeconds(dated.ToUnixTimeSeconds());
            return new TopAnswer(second - Duration.FromTimeSpan(roundTrip), dated, true, null);
        }
        var offset = PlatformOffset;
        return new TopAnswer(sentLocal + offset - FallbackMargin, _clock.GetCurrentInstant() + offset, false, null);
    }

    public void Dispose() => _http.Dispose();
}
