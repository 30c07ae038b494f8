using System.Collections.Concurrent;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// One cancellation scope per shop inside a run's intake: a shop whose session the platform refuses
/// (code 27) is stopped alone, its windows stop listing and its queued detail orders are dropped
/// unfetched (so its windows stay unfinished and its watermark waits), while every other shop goes on
/// and what was already fetched still drains to the sink.
/// </summary>
internal sealed class ShopCancellation(CancellationToken intake) : IDisposable
{
    // Lazy: GetOrAdd may run its factory twice under a race; a linked source made and dropped would stay
    // registered on the intake token. Lazy makes exactly one per shop.
    private readonly ConcurrentDictionary<string, Lazy<CancellationTokenSource>> _scopes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TopException> _stopped = new(StringComparer.Ordinal);

    /// <summary>The token of the shop's work: cancelled when the shop or the whole intake stops.</summary>
    public CancellationToken TokenOf(string shopId) => ScopeOf(shopId).Token;

    public bool IsStopped(string shopId) => _stopped.ContainsKey(shopId);

    /// <summary>Stops the shop; true for the first stop of it (the caller logs it once).</summary>
    public bool Stop(string shopId, TopException reason)
    {
        if (!_stopped.TryAdd(shopId, reason)) return false;
        try
        {
            ScopeOf(shopId).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended; nothing left to stop.
        }

        return true;
    }

    /// <summary>The shops stopped so far, with the answer that stopped each.</summary>
    public IReadOnlyDictionary<string, TopException> Stopped => _stopped;

    public void Dispose()
    {
        foreach (var scope in _scopes.Values) scope.Value.Dispose();
    }

    private CancellationTokenSource ScopeOf(string shopId) =>
        _scopes.GetOrAdd(shopId, _ => new Lazy<CancellationTokenSource>(() => CancellationTokenSource.CreateLinkedTokenSource(intake))).Value;
}
