namespace TaobaoEtl.Flow.Stages;

/// <summary>
/// How many detail calls run at once [seed: size the pool by the allowed call frequency]: the configured
/// number, or about a tenth of a second's quota in flight (a gateway answers in ~100 ms), at least 4 and at
/// most 64. The rate gate, not this number, keeps the calls under the quota.
/// </summary>
public static class FetchConcurrency
{
    public static int From(int configured, int callsPerSecond) =>
        configured > 0 ? configured : Math.Clamp(callsPerSecond / 10, 4, 64);
}
