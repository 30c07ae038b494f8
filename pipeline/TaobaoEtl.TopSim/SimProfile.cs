namespace TaobaoEtl.TopSim;

/// <summary>The default set of hostile switches: all off, or all on at realistic rates.</summary>
public enum SimProfile
{
    Clean,
    Hostile,
}
