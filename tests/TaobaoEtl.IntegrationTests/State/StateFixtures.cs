using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.IntegrationTests.State;

internal static class StateFixtures
{
    /// <summary>An instant written as the platform writes it: local Shanghai time.</summary>
    public static Instant At(string local) => PlatformTime.Parse(local);

    /// <summary>A shop id of its own per test: the test class shares one database.</summary>
    public static string NewShop() => "shop-" + Guid.NewGuid().ToString("N")[..10];

    public static TradeWindow Slice(string shop, Instant start, int minutes, SyncStream stream = SyncStream.Trade) =>
        new(shop, stream, WindowKind.IncrementSlice, new Interval(start, start + Duration.FromMinutes(minutes)));
}
