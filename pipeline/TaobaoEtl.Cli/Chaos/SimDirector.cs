using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;

namespace TaobaoEtl.Cli.Chaos;

/// <summary>The chaos harness's hand on TopSim's control endpoints: the clock, bans, fault rates, stats.</summary>
internal sealed class SimDirector(HttpClient http, Uri simBase)
{
    public async Task AdvanceAsync(Duration by, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(simBase,
            "/sim/clock/advance?seconds=" + by.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>POST /sim/clock/speed</c>: the clock runs at <paramref name="speed"/> times real time from now on (0 = frozen).</summary>
    public async Task SetClockSpeedAsync(double speed, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(simBase,
            "/sim/clock/speed?value=" + speed.ToString("0.###", CultureInfo.InvariantCulture)), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task BanAsync(int seconds, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(simBase,
            "/sim/ban?seconds=" + seconds.ToString(CultureInfo.InvariantCulture)), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>POST /sim/life {"paused":true}</c>: the world makes no new changes from now on, however the clock moves.</summary>
    public async Task PauseLifeAsync(CancellationToken cancellationToken)
    {
        using var content = new StringContent("{\"paused\":true}", System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(simBase, "/sim/life"), content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The longest list-index lag in force (<c>maxIndexLagSeconds</c> of <c>/sim/clock</c>): past it, every change is listed.</summary>
    public async Task<Duration> LongestIndexLagAsync(CancellationToken cancellationToken)
    {
        var clock = await http.GetFromJsonAsync<JsonObject>(new Uri(simBase, "/sim/clock"), cancellationToken)
            ?? throw new InvalidOperationException("TopSim returned no clock");
        return Duration.FromSeconds(clock["maxIndexLagSeconds"]?.GetValue<double>()
            ?? throw new InvalidOperationException("TopSim's clock gives no maxIndexLagSeconds"));
    }

    /// <summary>Changes the given subset of FaultOptions (camelCase names).</summary>
    public async Task SetFaultsAsync(JsonObject change, CancellationToken cancellationToken)
    {
        using var content = new StringContent(change.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(simBase, "/sim/faults"), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException("TopSim refused the fault change: " + await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<JsonObject> FaultsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<JsonObject>(new Uri(simBase, "/sim/faults"), cancellationToken)
        ?? throw new InvalidOperationException("TopSim returned no faults");

    /// <summary>The simulator's <c>errorsInjected</c> and <c>bans</c> counters, for the run's JSON line.</summary>
    public async Task<JsonObject> StatsAsync(CancellationToken cancellationToken)
    {
        var stats = await http.GetFromJsonAsync<JsonObject>(new Uri(simBase, "/sim/stats"), cancellationToken)
            ?? throw new InvalidOperationException("TopSim returned no stats");
        var picked = new JsonObject();
        foreach (var name in new[] { "errorsInjected", "bans", "refusedDuringBan" })
            if (stats.TryGetPropertyValue(name, out var value) && value is not null) picked[name] = JsonNode.Parse(value.ToJsonString(), documentOptions: default(JsonDocumentOptions));
        return picked;
    }
}
