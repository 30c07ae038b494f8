using NodaTime;
using NodaTime.Text;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Windows;

/// <summary>Test instants written as the platform writes them: local Shanghai time.</summary>
internal static class Shanghai
{
    public static Instant At(string local) =>
        PlatformTime.Pattern.Parse(local).GetValueOrThrow().InZoneStrictly(PlatformTime.Zone).ToInstant();

    public static Instant Utc(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();
}
