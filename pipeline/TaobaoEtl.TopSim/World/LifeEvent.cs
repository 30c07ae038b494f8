namespace TaobaoEtl.TopSim.World;

/// <summary>One change of one trade at a millisecond counted from the world's epoch.</summary>
/// <param name="VisibleAtMs">
/// When the list index shows the change: 0 for a seeded change (its lag is drawn, <see cref="TradeWorld.IndexLagMs"/>);
/// the instant it was added for a change of the <see cref="LifeOverlay"/>, which surfaces at once although its
/// <c>modified</c> lies earlier (a late-indexed change).
/// </param>
internal readonly record struct LifeEvent(long AtMs, LifeStep Step, byte Line, byte Variant, long VisibleAtMs = 0)
{
    public long Second => AtMs / 1000;
}
