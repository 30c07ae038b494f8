using NodaTime;
using TaobaoEtl.Harness.Sim;
using System.Net;
using System.Text.Json;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tests.Support;
using static TaobaoEtl.TopSim.Tests.Support.FullinfoSample;

namespace TaobaoEtl.TopSim.Tests;

/// <summary>Text like real bodies (<see cref="FaultOptions.MessyTextRate"/>): empty strings, emoji, newlines and tabs, very long values.</summary>
public sealed class MessyTextTests
{
    private const int Long = 2048;

    [Fact]
    public async Task With_messy_text_on_fullinfo_shows_empty_strings_astral_emoji_newlines_tabs_and_values_of_kilobytes()
    {
        var wall = Sims.WallClock();
        var faults = FaultOptions.Clean();
        faults.MessyTextRate = 1;
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var sample = await TakeAsync(sim, new TopTestClient(Sims.Http, sim, wall), every: 40);
        var texts = sample.SelectMany(s => Texts(s.Trade)).ToList();

        Assert.Contains(texts, t => t is { Field: "orders.sku_properties_name", Value: "" });
        Assert.Contains(texts, t => t is { Field: "buyer_message", Value: "" });
        foreach (var field in new[] { "seller_memo", "buyer_message", "receiver_address" })
        {
            Assert.Contains(texts, t => t.Field == field && t.Value.Contains('\n', StringComparison.Ordinal));
            Assert.Contains(texts, t => t.Field == field && t.Value.Contains('\t', StringComparison.Ordinal));
        }

        Assert.Contains(texts, t => t.Field == "seller_memo" && HasAstral(t.Value));
        Assert.Contains(texts, t => t.Field == "orders.title" && HasAstral(t.Value));
        Assert.Contains(texts, t => t.Field == "buyer_message" && t.Value.Any(c => c is >= '\u2600' and <= '\u27BF')); // BMP emoji (☀…➿)
        Assert.Contains(texts, t => t.Field == "orders.title" && t.Value.Length >= Long);
        Assert.Contains(texts, t => t.Field == "seller_memo" && t.Value.Length >= Long);
        Assert.All(texts, t => Assert.DoesNotContain('\0', t.Value));
        Assert.All(texts, t => Assert.True(WellFormed(t.Value), $"{t.Field} holds a lone surrogate"));
        // Messy, but still each trade's own: the truth shows the very memo fullinfo gives.
        Assert.All(sample, s => Assert.Equal(Memo(s.Truth), Memo(s.Trade)));
    }

    [Theory]
    [InlineData(SimProfile.Clean)]
    [InlineData(SimProfile.Hostile)]
    public async Task Without_the_rate_text_stays_tidy(SimProfile profile)
    {
        var wall = Sims.WallClock();
        var faults = Sims.WithoutGatewayFailures(profile);
        faults.MessyTextRate = 0;
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var sample = await TakeAsync(sim, new TopTestClient(Sims.Http, sim, wall), every: 80);
        var texts = sample.SelectMany(s => Texts(s.Trade)).ToList();

        Assert.DoesNotContain(texts, t => t.Value.Contains('\n', StringComparison.Ordinal) || t.Value.Contains('\t', StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => HasAstral(t.Value) || t.Value.Length >= Long);
        Assert.DoesNotContain(texts, t => t.Field is "buyer_message" or "orders.sku_properties_name" or "orders.title" && t.Value.Length == 0);
    }

    [Fact]
    public void Messy_text_is_on_in_the_hostile_profile_only()
    {
        Assert.Equal(0, FaultOptions.Clean().MessyTextRate);
        Assert.InRange(FaultOptions.Hostile().MessyTextRate, 0.01, 0.5);
    }

    [Fact]
    public async Task Turning_messy_text_on_at_run_time_rewrites_no_trade_already_made_and_reaches_the_trades_made_after()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var before = await control.TruthTextAsync();

        using var set = await control.PostFaultPatchAsync(new { messyTextRate = 1.0 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var after = await control.TruthTextAsync();
        Assert.Equal(before, after);

        // An hour later the trades made in it (and their memos) are messy; the older ones are still word for word the same.
        var then = (await control.ClockAsync()).Now;
        await control.AdvanceAsync(Duration.FromSeconds(3600));
        var later = await control.TruthLinesAsync();
        var byTid = before.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("kind").GetString() == "trade").ToDictionary(l => l.GetProperty("tid").GetInt64());
        var fresh = later.Where(l => l.GetProperty("kind").GetString() == "trade" && !byTid.ContainsKey(l.GetProperty("tid").GetInt64())).ToList();
        Assert.NotEmpty(fresh);
        Assert.All(fresh, l => Assert.True(string.CompareOrdinal(l.GetProperty("created").GetString(), Sims.Local(then)) >= 0));
        var client = new TopTestClient(Sims.Http, sim, wall);
        var texts = new List<(string Field, string Value)>();
        foreach (var t in fresh.Take(20))
        {
            var reply = await client.CallAsync("taobao.trade.fullinfo.get", sim.Shops.Single(s => s.ShopId == t.GetProperty("shop_id").GetInt64()).Session,
                new Dictionary<string, string> { ["fields"] = AllFields, ["tid"] = t.GetProperty("tid").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) });
            texts.AddRange(Texts(reply.Body.GetProperty("trade")));
        }

        Assert.Contains(texts, t => t.Value.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(texts, t => HasAstral(t.Value));
    }

    private static string? Memo(JsonElement e) => e.TryGetProperty("seller_memo", out var m) ? m.GetString() : null;

    private static bool HasAstral(string s)
    {
        for (var i = 0; i + 1 < s.Length; i++)
        {
            if (char.IsSurrogatePair(s[i], s[i + 1])) return true;
        }

        return false;
    }

    private static bool WellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }

        return true;
    }
}
