using TaobaoEtl.TopSim;

namespace TaobaoEtl.Bench.EndToEnd;

/// <summary>
/// The TopSim world and backfill days that give about the asked number of trades: the <c>large</c> preset
/// (~11,500 trades a day over 4 shops) from 20k trades up, the <c>small</c> one (~220 a day) below, so the bench
/// test's tiny sizes stay a few seconds. Days are rounded up, so a backfill holds at least the asked trades
/// (within the world's day-to-day spread), and capped at 90: the 3-month limit of the list methods.
/// </summary>
public sealed record WorldSize(SimPreset Preset, int BackfillDays)
{
    public const int MaxBackfillDays = 90;

    /// <summary>Trades a day assumed, a little under each preset's average so rounding up reaches the asked size.</summary>
    public static int TradesPerDay(SimPreset preset) => preset == SimPreset.Large ? 11_000 : 200;

    public static SimPreset PresetFor(long trades) => trades >= 20_000 ? SimPreset.Large : SimPreset.Small;

    /// <summary>The days of <paramref name="preset"/> holding about <paramref name="trades"/> trades.</summary>
    public static WorldSize Of(SimPreset preset, long trades)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trades, 1);
        var days = (trades + TradesPerDay(preset) - 1) / TradesPerDay(preset);
        return new WorldSize(preset, (int)Math.Clamp(days, 1, MaxBackfillDays));
    }
}
