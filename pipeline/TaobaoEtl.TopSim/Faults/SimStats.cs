using System.Collections.Concurrent;

namespace TaobaoEtl.TopSim.Faults;

/// <summary>What the simulator did: calls answered per method, faults injected per kind, bans.</summary>
internal sealed class SimStats
{
    private long _bans;
    private long _refusedDuringBan;

    public ConcurrentDictionary<string, long> CallsServed { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, long> ErrorsInjected { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, long> CallerErrors { get; } = new(StringComparer.Ordinal);
    public long Bans => Interlocked.Read(ref _bans);
    public long RefusedDuringBan => Interlocked.Read(ref _refusedDuringBan);

    public void Served(string method) => CallsServed.AddOrUpdate(method, 1, (_, n) => n + 1);
    public void Injected(string kind) => ErrorsInjected.AddOrUpdate(kind, 1, (_, n) => n + 1);
    public void CallerError(int code) => CallerErrors.AddOrUpdate(code.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
    public void Ban() => Interlocked.Increment(ref _bans);
    public void Refused() => Interlocked.Increment(ref _refusedDuringBan);
}
