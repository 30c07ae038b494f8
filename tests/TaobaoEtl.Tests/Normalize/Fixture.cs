using System.Text;
using NodaTime;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Tests.Normalize;

/// <summary>Saved platform responses under Normalize/Fixtures, and small trades written inline.</summary>
internal static class Fixture
{
    public static readonly Instant FetchedAt = Instant.FromUtc(2026, 11, 10, 16, 5, 0);

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Normalize", "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static NormalizedTrade Trade(string fixture)
    {
        Assert.True(TradeEnvelope.TryExtract(Bytes(fixture), out var trade, out var error), error);
        var result = TradeNormalizer.Normalize(trade.Span, "shop-1", FetchedAt);
        Assert.True(result.IsAccepted, result.Rejection?.Reason);
        return result.AcceptedValue;
    }

    /// <summary>A valid one-line trade with <paramref name="fields"/> replacing or adding top-level fields.</summary>
    public static string TradeJson(string fields = "", string line = "") =>
        "{\"tid\":1001,\"status\":\"WAIT_BUYER_PAY\",\"modified\":\"2026-11-11 00:00:01\"" + (fields.Length > 0 ? "," + fields : "")
        + ",\"orders\":{\"order\":[{\"oid\":2001" + (line.Length > 0 ? "," + line : "") + "}]}}";

    public static NormalizeResult<NormalizedTrade> Normalize(string json) =>
        TradeNormalizer.Normalize(Encoding.UTF8.GetBytes(json), "shop-1", FetchedAt);
}
