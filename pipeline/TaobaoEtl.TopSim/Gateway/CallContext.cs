using NodaTime;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>One admitted gateway call: its parameters, its seller (when it needs one), the simulated instant it is answered at.</summary>
/// <param name="Call">The gateway's call number: per-call draws (tie order) hash it with the seed.</param>
internal sealed record CallContext(SimContext Sim, RequestParameters Parameters, string Method, int ShopIndex, Instant Now, FaultOptions Faults, long Call = 0)
{
    public long NowMs => Sim.World.ToMs(Now);
    public SimShop? Shop => ShopIndex >= 0 ? Sim.World.Shops[ShopIndex] : null;
    public TradeWorld World => Sim.World;
}
