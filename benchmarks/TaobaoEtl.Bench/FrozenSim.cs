using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.Bench;

/// <summary>
/// The TopSim a stage measures against: in process, the clean profile, its clock frozen (every answer describes the
/// same instant of the world, so a run is repeatable and the truth does not move under it), its waits on the bench's
/// time provider. The stages differ only in the world's size and, for the quota, the faults.
/// </summary>
internal static class FrozenSim
{
    public static Task<TopSimHost> StartAsync(BenchContext context, SimPreset preset, CancellationToken cancellationToken, FaultOptions? faults = null) =>
        TopSimHost.StartAsync(new TopSimOptions
        {
            Preset = preset,
            Profile = SimProfile.Clean,
            Faults = faults,
            ClockSpeed = 0,
            TimeProvider = context.TimeProvider,
        }, cancellationToken);
}
