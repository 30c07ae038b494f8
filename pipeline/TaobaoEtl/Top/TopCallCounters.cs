using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TaobaoEtl.Top;

/// <summary>
/// Counts calls by method and outcome, retries, bans and breaker openings: as
/// <see cref="System.Diagnostics.Metrics"/> instruments (meter <see cref="MeterName"/>) for the metrics endpoint,
/// and as a <see cref="Snapshot"/> for the run summary.
/// </summary>
public sealed class TopCallCounters : IDisposable
{
    public const string MeterName = "TaobaoEtl.Top";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _bans;
    private readonly Counter<long> _breakerOpenings;
    private readonly ConcurrentDictionary<(string Method, TopCallOutcome Outcome), long> _byMethod = new();
    private long _retryCount;
    private long _banCount;
    private long _breakerOpenCount;

    public TopCallCounters(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("taobaoetl.top.calls", "{call}", "Calls sent to the gateway, by method and outcome");
        _retries = _meter.CreateCounter<long>("taobaoetl.top.retries", "{retry}", "Transient failures retried");
        _bans = _meter.CreateCounter<long>("taobaoetl.top.bans", "{ban}", "Code 7 answers that closed the rate gate");
        _breakerOpenings = _meter.CreateCounter<long>("taobaoetl.top.breaker_openings", "{opening}", "Times the circuit breaker opened");
    }

    public void RecordCall(string method, TopCallOutcome outcome)
    {
        _byMethod.AddOrUpdate((method, outcome), 1, static (_, n) => n + 1);
        _calls.Add(1, new TagList { { "method", method }, { "outcome", outcome.ToString() } });
    }

    public void RecordRetry(string method)
    {
        Interlocked.Increment(ref _retryCount);
        _retries.Add(1, new KeyValuePair<string, object?>("method", method));
    }

    public void RecordBan(TopBanScope scope)
    {
        Interlocked.Increment(ref _banCount);
        _bans.Add(1, new KeyValuePair<string, object?>("scope", scope.ToString()));
    }

    public void RecordBreakerOpened()
    {
        Interlocked.Increment(ref _breakerOpenCount);
        _breakerOpenings.Add(1);
    }

    public TopCallSnapshot Snapshot() => new(
        _byMethod.ToDictionary(p => new TopCallKey(p.Key.Method, p.Key.Outcome), p => p.Value),
        Interlocked.Read(ref _retryCount),
        Interlocked.Read(ref _banCount),
        Interlocked.Read(ref _breakerOpenCount));

    public void Dispose() => _meter.Dispose();
}

public readonly record struct TopCallKey(string Method, TopCallOutcome Outcome);

/// <summary>The counters at one moment, for a run summary.</summary>
public sealed record TopCallSnapshot(
    IReadOnlyDictionary<TopCallKey, long> Calls,
    long Retries,
    long Bans,
    long BreakerOpenings)
{
    public long Total => Calls.Values.Sum();

    public long Count(string method, TopCallOutcome outcome) => Calls.GetValueOrDefault(new TopCallKey(method, outcome));

    public long Count(TopCallOutcome outcome) => Calls.Where(p => p.Key.Outcome == outcome).Sum(p => p.Value);

    public long Count(string method) => Calls.Where(p => p.Key.Method == method).Sum(p => p.Value);
}
