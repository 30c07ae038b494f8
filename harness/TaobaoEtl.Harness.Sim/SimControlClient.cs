using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Gateway;

namespace TaobaoEtl.Harness.Sim;

/// <summary>
/// TopSim's control endpoints (<c>/sim/…</c>) over HTTP, as every harness uses them: the clock, the world's life, bans,
/// the fault switches as typed <see cref="FaultOptions"/>, the counters and the truth. The only place that spells a
/// control URL or a control body, so a harness never drifts from what TopSim accepts.
/// </summary>
public sealed class SimControlClient(HttpClient http, Uri simBase)
{
    // TopSim reads its switches in any case and writes them camelCase; Web defaults match both ways.
    private static readonly JsonSerializerOptions ControlJson = new(JsonSerializerDefaults.Web);

    public Uri BaseUri => simBase;

    /// <summary><c>GET /sim/clock</c>.</summary>
    public async Task<SimClockView> ClockAsync(CancellationToken cancellationToken = default) =>
        await http.GetFromJsonAsync<SimClockView>(new Uri(simBase, "/sim/clock"), ControlJson, cancellationToken)
        ?? throw new InvalidOperationException("TopSim returned no clock");

    /// <summary><c>POST /sim/clock/advance</c>: the simulated clock jumps <paramref name="by"/> ahead; the clock after the jump.</summary>
    public Task<SimClockView> AdvanceAsync(Duration by, CancellationToken cancellationToken = default) =>
        PostForClockAsync("/sim/clock/advance?seconds=" + by.TotalSeconds.ToString(CultureInfo.InvariantCulture), cancellationToken);

    /// <summary><c>POST /sim/clock/speed</c>: the clock runs at <paramref name="speed"/> times real time from now on (0 = frozen).</summary>
    public Task<SimClockView> SetClockSpeedAsync(double speed, CancellationToken cancellationToken = default) =>
        PostForClockAsync("/sim/clock/speed?value=" + speed.ToString(CultureInfo.InvariantCulture), cancellationToken);

    /// <summary><c>POST /sim/ban</c>: every call is refused with code 7 for <paramref name="length"/>.</summary>
    public async Task BanAsync(TimeSpan length, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync(new Uri(simBase,
            "/sim/ban?seconds=" + length.TotalSeconds.ToString(CultureInfo.InvariantCulture)), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>POST /sim/life</c>: paused, the world makes no new changes however the clock moves.</summary>
    public async Task SetLifePausedAsync(bool paused, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync(new Uri(simBase, "/sim/life"), new { paused }, ControlJson, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The longest list-index lag in force: past it, every change is listed.</summary>
    public async Task<Duration> LongestIndexLagAsync(CancellationToken cancellationToken = default) =>
        Duration.FromSeconds((await ClockAsync(cancellationToken)).MaxIndexLagSeconds);

    /// <summary>
    /// Makes the world quiescent for a proof that covers its last stretch: life paused (no new changes) and the clock
    /// moved a minute past the longest list-index lag, so every change is visible before the next increment's end.
    /// </summary>
    public async Task QuiesceAsync(CancellationToken cancellationToken = default)
    {
        await SetLifePausedAsync(true, cancellationToken);
        await AdvanceAsync(await LongestIndexLagAsync(cancellationToken) + Duration.FromMinutes(1), cancellationToken);
    }

    /// <summary><c>GET /sim/faults</c>: the switches in force.</summary>
    public async Task<FaultOptions> FaultsAsync(CancellationToken cancellationToken = default) =>
        await http.GetFromJsonAsync<FaultOptions>(new Uri(simBase, "/sim/faults"), ControlJson, cancellationToken)
        ?? throw new InvalidOperationException("TopSim returned no faults");

    /// <summary><c>POST /sim/faults</c> with every switch: <paramref name="faults"/> is in force afterwards.</summary>
    public async Task<FaultOptions> SetFaultsAsync(FaultOptions faults, CancellationToken cancellationToken = default)
    {
        using var response = await PostFaultPatchAsync(faults, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException("TopSim refused the fault change: " + await response.Content.ReadAsStringAsync(cancellationToken));
        return await response.Content.ReadFromJsonAsync<FaultOptions>(ControlJson, cancellationToken)
            ?? throw new InvalidOperationException("TopSim returned no faults");
    }

    /// <summary>The switches in force, changed by <paramref name="change"/> and set: a typed patch.</summary>
    public async Task<FaultOptions> ChangeFaultsAsync(Action<FaultOptions> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var faults = await FaultsAsync(cancellationToken);
        change(faults);
        return await SetFaultsAsync(faults, cancellationToken);
    }

    /// <summary>
    /// <c>POST /sim/faults</c> with any body, answer unread: for the tests of the endpoint itself, which send what a typed
    /// value cannot (an unknown switch, an out-of-range rate) and judge the refusal.
    /// </summary>
    public async Task<HttpResponseMessage> PostFaultPatchAsync(object patch, CancellationToken cancellationToken = default) =>
        await http.PostAsJsonAsync(new Uri(simBase, "/sim/faults"), patch, ControlJson, cancellationToken);

    /// <summary><c>GET /sim/stats</c>: the platform's own counters, whatever a client thinks it did.</summary>
    public async Task<SimStats> StatsAsync(CancellationToken cancellationToken = default) =>
        await http.GetFromJsonAsync<SimStats>(new Uri(simBase, "/sim/stats"), ControlJson, cancellationToken)
        ?? throw new InvalidOperationException("TopSim returned no stats");

    /// <summary>The truth's NDJSON text, cut to one shop and to trades changed since an instant when given.</summary>
    public async Task<string> TruthTextAsync(long? shopId = null, Instant? modifiedFrom = null, CancellationToken cancellationToken = default) =>
        await http.GetStringAsync(TruthUri(shopId, modifiedFrom), cancellationToken);

    /// <summary>The truth, streamed, as its trades (each with the refunds that follow it).</summary>
    public async Task<IReadOnlyList<TruthTrade>> TruthTradesAsync(long? shopId = null, Instant? modifiedFrom = null,
        CancellationToken cancellationToken = default)
    {
        await using var stream = await http.GetStreamAsync(TruthUri(shopId, modifiedFrom), cancellationToken);
        return await SimTruth.ReadTradesAsync(stream, cancellationToken);
    }

    /// <summary>The truth, one JSON value a line, for the tests that judge TopSim's fields themselves.</summary>
    public async Task<IReadOnlyList<JsonElement>> TruthLinesAsync(long? shopId = null, Instant? modifiedFrom = null,
        CancellationToken cancellationToken = default)
    {
        await using var stream = await http.GetStreamAsync(TruthUri(shopId, modifiedFrom), cancellationToken);
        var lines = new List<JsonElement>();
        await foreach (var line in SimTruth.ReadLinesAsync(stream, cancellationToken)) lines.Add(line);
        return lines;
    }

    private Uri TruthUri(long? shopId, Instant? modifiedFrom)
    {
        var query = new StringBuilder("/sim/truth");
        var separator = '?';
        if (shopId is { } shop)
        {
            query.Append(separator).Append("shop_id=").Append(shop.ToString(CultureInfo.InvariantCulture));
            separator = '&';
        }

        if (modifiedFrom is { } from) query.Append(separator).Append("modified_from=").Append(Uri.EscapeDataString(PlatformTime.Format(from)));
        return new Uri(simBase, query.ToString());
    }

    private async Task<SimClockView> PostForClockAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(simBase, pathAndQuery), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SimClockView>(ControlJson, cancellationToken)
            ?? throw new InvalidOperationException("TopSim returned no clock");
    }
}
