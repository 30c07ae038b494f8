using TaobaoEtl.Bench.Corpus;
using TaobaoEtl.TopSim;
using TaobaoEtl.Windows;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.Benchmarks;

/// <summary>Trades and envelopes recorded from an in-process TopSim (small preset, frozen clock): realistic and varied, never one trade repeated.</summary>
internal static class SimTrades
{
    public static async Task<TradeSample> RecordAsync(int count)
    {
        await using var sim = await TopSimHost.StartAsync(new TopSimOptions { Preset = SimPreset.Small, ClockSpeed = 0 });
        return await TradeSample.RecordAsync(sim, new TimeProviderClock(TimeProvider.System), count, CancellationToken.None);
    }
}
