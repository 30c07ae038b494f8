using TaobaoEtl.Configuration;

namespace TaobaoEtl.Harness.Chaos;

/// <summary>What each <see cref="ChaosBreakage"/> does to the sync children and to the world they meet.</summary>
public static class ChaosBreakages
{
    /// <summary>The CLI names of <c>taobao-etl chaos --break</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "front-to-back", "no-look-back", "weak-settle", "skip-rule"];

    public static ChaosBreakage Parse(string? name) => name switch
    {
        "front-to-back" => ChaosBreakage.FrontToBack,
        "no-look-back" => ChaosBreakage.NoLookBack,
        "weak-settle" => ChaosBreakage.WeakSettle,
        "skip-rule" => ChaosBreakage.SkipRule,
        _ => ChaosBreakage.None,
    };

    /// <summary>The test-only switch the children get on their command line (every configuration source refuses it).</summary>
    public static string? TestOnlySwitch(this ChaosBreakage breakage) => breakage switch
    {
        ChaosBreakage.FrontToBack => On(nameof(SyncTestingOptions.IncrementPagingFrontToBack)),
        ChaosBreakage.WeakSettle => On(nameof(SyncTestingOptions.WeakSettleRule)),
        ChaosBreakage.SkipRule => On(nameof(SyncTestingOptions.TrustDateHeader)),
        _ => null,
    };

    // Sync:Testing:<switch>=true, with the option's own property name, so a renamed switch breaks the build.
    private static string On(string testingSwitch) =>
        $"{nameof(EtlOptions.Sync)}:{nameof(SyncOptions.Testing)}:{testingSwitch}=true";

    /// <summary>The storm every increment of a broken run runs in: the one the broken rule cannot survive.</summary>
    public static FaultKind? Storm(this ChaosBreakage breakage) => breakage switch
    {
        ChaosBreakage.WeakSettle => FaultKind.BusySliceChurn,
        ChaosBreakage.SkipRule => FaultKind.ReadRace,
        _ => null,
    };
}
