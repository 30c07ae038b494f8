using System.Globalization;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Bench.EndToEnd;

/// <summary>TopSim's control endpoints the end-to-end stage reads: the calls it served, its clock, and the truth.</summary>
public sealed class SimControl(Uri baseUri) : IDisposable
{
    public const string ListMethod = "taobao.trades.sold.get";
    public const string IncrementListMethod = "taobao.trades.sold.increment.get";
    public const string DetailMethod = "taobao.trade.fullinfo.get";

    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Calls served so far by method (the platform's count, whatever the client thinks it did).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CallsServedAsync(CancellationToken cancellationToken)
    {
        await using var stream = await _http.GetStreamAsync(new Uri("/sim/stats", UriKind.Relative), cancellationToken);
        using var stats = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return stats.RootElement.GetProperty("callsServed").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
    }

    public async Task AdvanceAsync(Duration by, CancellationToken cancellationToken)
    {
        var seconds = by.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        using var answer = await _http.PostAsync(new Uri("/sim/clock/advance?seconds=" + seconds, UriKind.Relative), null, cancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    /// <summary>Every trade whose true last change is at or after <paramref name="from"/>: its tid, shop and modified.</summary>
    public async Task<IReadOnlyList<TrueTrade>> TradesModifiedSinceAsync(Instant from, CancellationToken cancellationToken)
    {
        var uri = new Uri("/sim/truth?modified_from=" + Uri.EscapeDataString(PlatformTime.Format(from)), UriKind.Relative);
        await using var stream = await _http.GetStreamAsync(uri, cancellationToken);
        using var reader = new StreamReader(stream);
        var trades = new List<TrueTrade>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.GetProperty("kind").GetString() != "trade") continue;
            var modified = PlatformTime.Pattern.Parse(root.GetProperty("modified").GetString()!).Value.InZoneStrictly(PlatformTime.Zone).ToInstant();
            trades.Add(new TrueTrade(root.GetProperty("shop_id").GetInt64().ToString(CultureInfo.InvariantCulture), root.GetProperty("tid").GetInt64(), modified));
        }

        return trades;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>One trade as the platform's truth has it now.</summary>
public readonly record struct TrueTrade(string ShopId, long Tid, Instant Modified);
