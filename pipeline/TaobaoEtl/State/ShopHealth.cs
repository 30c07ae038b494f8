using NodaTime;

namespace TaobaoEtl.State;

/// <summary>A shop's mode and what decides its next one (<c>etl.shop</c>).</summary>
public sealed record ShopHealth(SyncMode Mode, int HotRuns, double? LastFailureRatio, Instant? DegradedSince, Instant? CheckedAt)
{
    public static ShopHealth Normal { get; } = new(SyncMode.Normal, 0, null, null, null);
}
