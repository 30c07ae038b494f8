using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaobaoEtl.TopSim.Tests.Support;

/// <summary>The control endpoints over HTTP, as a harness uses them.</summary>
internal sealed class SimControl(HttpClient http, TopSim sim)
{
    public async Task<DateTimeOffset> AdvanceAsync(double seconds)
    {
        using var response = await http.PostAsync(new Uri(sim.BaseUri, "sim/clock/advance?seconds=" + seconds.ToString(CultureInfo.InvariantCulture)), null);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("now").GetDateTimeOffset();
    }

    public async Task<DateTimeOffset> NowAsync()
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(sim.BaseUri, "sim/clock")));
        return json.RootElement.GetProperty("now").GetDateTimeOffset();
    }

    public async Task<string> TruthTextAsync(string query = "") => await http.GetStringAsync(new Uri(sim.BaseUri, "sim/truth" + query));

    /// <summary>The truth, optionally cut to one shop and to trades changed since an instant (GMT+8 text).</summary>
    public async Task<List<JsonElement>> TruthAsync(long? shopId = null, DateTimeOffset? modifiedFrom = null)
    {
        var query = new List<string>();
        if (shopId is { } shop) query.Add("shop_id=" + shop.ToString(CultureInfo.InvariantCulture));
        if (modifiedFrom is { } from) query.Add("modified_from=" + Uri.EscapeDataString(Sims.Local(from)));
        var text = await TruthTextAsync(query.Count == 0 ? "" : "?" + string.Join("&", query));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.Clone();
        }).ToList();
    }

    public async Task<JsonElement> StatsAsync()
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(sim.BaseUri, "sim/stats")));
        return json.RootElement.Clone();
    }

    public async Task<HttpResponseMessage> SetFaultsAsync(object patch) =>
        await http.PostAsJsonAsync(new Uri(sim.BaseUri, "sim/faults"), patch);
}
