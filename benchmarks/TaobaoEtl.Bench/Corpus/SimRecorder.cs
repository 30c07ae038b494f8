using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.Bench.Corpus;

/// <summary>
/// Records raw gateway answers from a TopSim over real HTTP: the envelopes a benchmark parses and the trade
/// JSON a benchmark normalizes and sinks come from the simulated platform, not from hand-written text.
/// Requests are signed and shaped like <see cref="TopClient"/>'s (system parameters in the query, API
/// parameters in the form body) but bypass its rate gate: recording is set-up, not measurement.
/// </summary>
public sealed class SimRecorder : IDisposable
{
    private const string ListFields = "tid,modified,created,status,type";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(1) };
    private readonly TopSimHost _sim;
    private readonly IClock _wallClock;

    /// <param name="wallClock">The host's real clock: the gateway checks a request's timestamp against it.</param>
    public SimRecorder(TopSimHost sim, IClock wallClock)
    {
        _sim = sim ?? throw new ArgumentNullException(nameof(sim));
        _wallClock = wallClock ?? throw new ArgumentNullException(nameof(wallClock));
    }

    /// <summary>One page of <c>taobao.trades.sold.get</c> (tids and versions, as the pipeline lists them).</summary>
    public Task<RecordedAnswer> SoldPageAsync(string session, Instant startCreated, Instant endCreated, int pageNo, CancellationToken cancellationToken) =>
        CallAsync("taobao.trades.sold.get", session,
        [
            new("fields", ListFields),
            new("start_created", PlatformTime.Format(startCreated)),
            new("end_created", PlatformTime.Format(endCreated)),
            new("type", TradeTypes.AllJoined),
            new("page_no", pageNo.ToString(CultureInfo.InvariantCulture)),
            new("page_size", "100"),
            new("use_has_next", "true"),
        ], cancellationToken);

    /// <summary><c>taobao.trade.fullinfo.get</c> of one tid with the fields the pipeline asks for.</summary>
    public Task<RecordedAnswer> FullInfoAsync(string session, long tid, CancellationToken cancellationToken) =>
        CallAsync("taobao.trade.fullinfo.get", session,
        [
            new("fields", TradeFields.FullInfo),
            new("tid", tid.ToString(CultureInfo.InvariantCulture)),
        ], cancellationToken);

    /// <summary>The tids of a sold.get page and whether another page follows.</summary>
    public static (IReadOnlyList<long> Tids, bool HasNext) ReadSoldPage(byte[] envelope)
    {
        using var json = JsonDocument.Parse(envelope);
        if (!json.RootElement.TryGetProperty("trades_sold_get_response", out var body))
            throw new InvalidOperationException("TopSim refused the list call: " + Encoding.UTF8.GetString(envelope));
        var tids = new List<long>(100);
        if (body.TryGetProperty("trades", out var trades) && trades.TryGetProperty("trade", out var list))
        {
            foreach (var trade in list.EnumerateArray())
            {
                var tid = trade.GetProperty("tid");
                tids.Add(tid.ValueKind == JsonValueKind.String ? long.Parse(tid.GetString()!, CultureInfo.InvariantCulture) : tid.GetInt64());
            }
        }

        return (tids, body.TryGetProperty("has_next", out var next) && next.ValueKind == JsonValueKind.True);
    }

    private async Task<RecordedAnswer> CallAsync(string method, string session, KeyValuePair<string, string>[] parameters, CancellationToken cancellationToken)
    {
        var system = new List<KeyValuePair<string, string>>
        {
            new("method", method),
            new("app_key", _sim.AppKey),
            new("timestamp", PlatformTime.Format(_wallClock.GetCurrentInstant())),
            new("format", "json"),
            new("v", "2.0"),
            new("sign_method", "hmac-sha256"),
            new("session", session),
        };
        system.Add(new("sign", TopSigner.Sign(system.Concat(parameters), _sim.AppSecret, TopSignMethod.HmacSha256)));
        var query = string.Join('&', system.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        using var content = new FormUrlEncodedContent(parameters);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        using var response = await _http.PostAsync(new Uri(_sim.GatewayUri.AbsoluteUri + "?" + query), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var date = response.Headers.Date ?? throw new InvalidOperationException("TopSim answered without a Date header.");
        return new RecordedAnswer(bytes, Instant.FromDateTimeOffset(date));
    }

    public void Dispose() => _http.Dispose();
}
