namespace TaobaoEtl.TopSim.World;

/// <summary>How many trades a preset makes, and whether 11-11 00:00 gets its peak.</summary>
internal sealed record WorldShape(int TradesPerDay, bool Double11Peak, int PeakDays)
{
    /// <summary>Days of history before the clock start (3 months plus a margin) and of future after it.</summary>
    public const int HistoryDays = 95, FutureDays = 20;

    public static WorldShape For(SimPreset preset) => preset switch
    {
        SimPreset.Small => new WorldShape(220, false, 0),
        // A normal quarter at ~1000 trades a day; the hour after 11-11 00:00 takes a month's volume.
        SimPreset.Double11 => new WorldShape(1_000, true, 30),
        _ => new WorldShape(11_500, false, 0),
    };

    /// <summary>Share of a day's trades per hour of the day (GMT+8): quiet nights, evening peak.</summary>
    public static readonly double[] HourCurve =
    [
        2.0, 1.0, 0.6, 0.4, 0.3, 0.4, 0.8, 1.5, 3.0, 4.5, 5.5, 5.5,
        5.0, 5.0, 5.5, 5.5, 5.0, 4.5, 4.5, 5.5, 7.0, 8.0, 8.0, 5.0,
    ];
}
