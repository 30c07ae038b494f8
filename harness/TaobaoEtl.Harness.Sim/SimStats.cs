namespace TaobaoEtl.Harness.Sim;

/// <summary>TopSim's <c>/sim/stats</c>: calls served, errors injected and caller errors, each by method or kind, and its bans.</summary>
public sealed record SimStats(
    IReadOnlyDictionary<string, long> CallsServed,
    IReadOnlyDictionary<string, long> ErrorsInjected,
    IReadOnlyDictionary<string, long> CallerErrors,
    long Bans,
    long RefusedDuringBan)
{
    public long Served => CallsServed.Values.Sum();
    public long AllCallerErrors => CallerErrors.Values.Sum();

    public long Injected(string kind) => ErrorsInjected.GetValueOrDefault(kind);
}
