namespace TaobaoEtl.TopSim.World;

/// <summary>One change of one trade at a millisecond counted from the world's epoch.</summary>
internal readonly record struct LifeEvent(long AtMs, LifeStep Step, byte Line, byte Variant)
{
    public long Second => AtMs / 1000;
}
