using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// A pass-through HTTP proxy in front of TopSim's gateway that replaces the body of chosen
/// <c>taobao.trade.fullinfo.get</c> answers: the first <see cref="FaultTrades"/> distinct tids asked get
/// <see cref="FaultBody"/> (with TopSim's own status and Date header) <see cref="FaultsPerTrade"/> times, then
/// the platform's real answer. Signatures pass untouched, so TopSim checks every request as usual. A test-side
/// stand-in for one poison trade, because TopSim's faults are rated, not aimed at one tid.
/// </summary>
internal sealed class FaultingGateway : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
    private readonly ConcurrentDictionary<long, int> _served = new();
    private readonly Lock _gate = new();
    private readonly List<long> _faulted = [];
    private readonly Task _loop;

    public FaultingGateway(Func<long, string> faultBody, int faultTrades = 1, int faultsPerTrade = 1)
    {
        FaultBody = faultBody;
        FaultTrades = faultTrades;
        FaultsPerTrade = faultsPerTrade;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/router/rest";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The answer body a faulted tid gets.</summary>
    public Func<long, string> FaultBody { get; }
    public int FaultTrades { get; }
    public int FaultsPerTrade { get; }
    public string Url { get; }
    /// <summary>TopSim's gateway; set before the first call.</summary>
    public Uri? Target { get; set; }

    /// <summary>The tids that were faulted, in the order first asked.</summary>
    public IReadOnlyList<long> Faulted
    {
        get { lock (_gate) return [.. _faulted]; }
    }

    /// <summary>An <c>isv.*</c> caller error, as the platform answers a refused tid.</summary>
    public static string CallerError(long tid) =>
        $$$"""{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.trade-not-exist","sub_msg":"trade {{{tid}}} refused (test)","request_id":"test-{{{tid}}}"}}""";

    /// <summary>
    /// A trade object PostgreSQL's jsonb cannot store (a <c>\u0000</c>): the normalizer rejects it before reading the tid.
    /// Its <c>modified</c> lies in the past: one later than the answer's own date is refused by the client and retried.
    /// </summary>
    public static string UnstorableTrade(long tid) =>
        $$$$"""{"trade_fullinfo_get_response":{"trade":{"tid":{{{{tid}}}},"status":"WAIT_BUYER_PAY","modified":"2020-01-01 00:00:00","buyer_message":"a\u0000b"}}}""";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            string form;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                form = await reader.ReadToEndAsync();
            var target = Target ?? throw new InvalidOperationException("FaultingGateway.Target is not set.");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, context.Request.Url!.PathAndQuery))
            {
                Content = new StringContent(form, Encoding.UTF8),
            };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/x-www-form-urlencoded");
            using var response = await _forward.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var method = context.Request.QueryString["method"] ?? Field(form, "method");
            if (method == "taobao.trade.fullinfo.get" && long.TryParse(Field(form, "tid"), out var tid) && ShouldFault(tid))
                body = Encoding.UTF8.GetBytes(FaultBody(tid));

            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = "application/json;charset=UTF-8";
            if (response.Headers.Date is { } date) context.Response.Headers[HttpResponseHeader.Date] = date.ToString("R");
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }

    private bool ShouldFault(long tid)
    {
        lock (_gate)
        {
            if (!_faulted.Contains(tid))
            {
                if (_faulted.Count >= FaultTrades) return false;
                _faulted.Add(tid);
            }
        }

        return _served.AddOrUpdate(tid, 1, (_, n) => n + 1) <= FaultsPerTrade;
    }

    private static string? Field(string form, string name)
    {
        foreach (var pair in form.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            if (Uri.UnescapeDataString(pair[..eq].Replace('+', ' ')) == name)
                return Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }

        return null;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // Closed while waiting for a request: the loop is over either way.
        }

        _forward.Dispose();
    }
}
