namespace TaobaoEtl.TopSim;

/// <summary>The size and shape of the simulated world.</summary>
public enum SimPreset
{
    /// <summary>Two shops, about 20k trades over the last 3 months.</summary>
    Small,
    /// <summary>Three shops, a normal quarter plus 11-11 where the hour after 00:00 takes a month's volume.</summary>
    Double11,
    /// <summary>Four shops, more than a million trades, generated compactly.</summary>
    Large,
}
