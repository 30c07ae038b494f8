namespace TaobaoEtl.Harness.Chaos;

/// <summary>
/// TEST-ONLY: a platform rule the sync children break on purpose, so a test can show the harness catches the loss.
/// A breakage with a storm (<see cref="ChaosBreakages.Storm"/>) runs every increment in it: the world is hostile in
/// exactly the way the broken rule cannot survive.
/// </summary>
public enum ChaosBreakage
{
    None,
    /// <summary><c>Sync:Testing:IncrementPagingFrontToBack=true</c>: increments page front to back.</summary>
    FrontToBack,
    /// <summary><c>Sync:LookBack = Sync:PeakLookBack = 0</c>: an increment starts exactly at the watermark.</summary>
    NoLookBack,
    /// <summary><c>Sync:Testing:WeakSettleRule=true</c>: increment slices settle on counts alone (the rule before issue 15).</summary>
    WeakSettle,
    /// <summary><c>Sync:Testing:TrustDateHeader=true</c>: <c>fetched_at</c> is the answer's <c>Date</c>, not a lower bound of the read.</summary>
    SkipRule,
}
