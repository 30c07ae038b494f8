using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TaobaoEtl.TopSim.Tests.Support;

/// <summary>
/// A minimal gateway client as an official SDK behaves: system parameters in the query string, API parameters in
/// the form body, signed by <see cref="TopRequestSigner"/>, timestamp from the given wall clock in GMT+8.
/// </summary>
internal sealed class TopTestClient(HttpClient http, TopSim sim, TimeProvider wallClock)
{
    public string Secret { get; set; } = sim.AppSecret;
    public string SignMethod { get; set; } = "hmac-sha256";

    public string Timestamp() => wallClock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public Task<TopReply> CallAsync(string method, string? session, IReadOnlyDictionary<string, string>? api = null,
        Action<Dictionary<string, string>>? tamper = null, CancellationToken cancellationToken = default)
    {
        var system = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["method"] = method,
            ["app_key"] = sim.AppKey,
            ["timestamp"] = Timestamp(),
            ["format"] = "json",
            ["v"] = "2.0",
            ["sign_method"] = SignMethod,
        };
        if (session is not null) system["session"] = session;
        tamper?.Invoke(system);
        var all = new Dictionary<string, string>(system, StringComparer.Ordinal);
        foreach (var (k, v) in api ?? new Dictionary<string, string>()) all[k] = v;
        system["sign"] = TopRequestSigner.Sign(all, Secret, system["sign_method"]);
        return PostAsync(system, api ?? new Dictionary<string, string>(), cancellationToken);
    }

    public async Task<TopReply> PostAsync(IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken = default)
    {
        var uri = new UriBuilder(sim.GatewayUri) { Query = string.Join("&", query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value))) }.Uri;
        using var content = new FormUrlEncodedContent(form);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded;charset=UTF-8");
        using var response = await http.PostAsync(uri, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(text);
        return new TopReply(response.StatusCode, response.Headers.Date, document.RootElement.Clone(), text);
    }

    public async Task<TopReply> GetAsync(IReadOnlyDictionary<string, string> all, CancellationToken cancellationToken = default)
    {
        var uri = new UriBuilder(sim.GatewayUri) { Query = string.Join("&", all.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value))) }.Uri;
        using var response = await http.GetAsync(uri, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(text);
        return new TopReply(response.StatusCode, response.Headers.Date, document.RootElement.Clone(), text);
    }
}
