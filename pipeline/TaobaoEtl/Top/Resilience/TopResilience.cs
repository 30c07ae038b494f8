using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Top.Resilience;

/// <summary>
/// How often and how long a call keeps trying: retries with exponential backoff and jitter for what is known to be
/// the platform's or the network's fault, a circuit breaker that slows every call down while the gateway fails, and
/// a bounded number of bans waited out at the rate gate.
/// </summary>
internal sealed class TopResilience
{
    private readonly ResiliencePipeline _pipeline;
    private readonly int _maxBanRetries;
    private readonly TimeSpan _breakerPatience;
    private readonly TimeSpan _breakerBreak;
    private readonly TimeProvider _time;
    private readonly TopCallCounters _counters;
    private readonly ILogger _logger;

    public TopResilience(TopOptions options, TimeProvider timeProvider, TopCallCounters counters, ILogger logger)
    {
        _maxBanRetries = options.MaxBanRetries;
        _breakerPatience = options.BreakerPatience;
        _breakerBreak = options.BreakerBreakDuration;
        _time = timeProvider;
        _counters = counters;
        _logger = logger;
        _pipeline = BuildPipeline(options, timeProvider);
    }

    /// <summary>Runs <paramref name="attempt"/> until it answers or fails for good, as a classified <see cref="TopException"/>.</summary>
    public async Task<TResult> ExecuteAsync<TResult>(string method, Func<CancellationToken, ValueTask<TResult>> attempt,
        CancellationToken cancellationToken)
    {
        long? heldSince = null;
        for (var bans = 0; ; )
        {
            try
            {
                return await _pipeline.ExecuteAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (TopException ex) when (ex.Kind == TopErrorKind.CallLimited && ex is not TopQuotaExhaustedException
                                          && bans < _maxBanRetries)
            {
                // The ban closed the gate for everyone; the next attempt waits there until it opens.
                bans++;
            }
            catch (BrokenCircuitException ex) when (HeldBackFor(ref heldSince) < _breakerPatience)
            {
                // The breaker slows the run down while the gateway fails (the seed's "degrade"); only a breaker that stays open
                // past the patience is an outage. The wait ends when the breaker lets its next probe through.
                await Task.Delay(ex.RetryAfter is { } after && after > TimeSpan.Zero ? after : _breakerBreak, _time, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (BrokenCircuitException ex)
            {
                throw new TopException(TopErrorKind.Transient, method, null, null,
                    "Circuit open", "too many calls to the gateway failed; calls are held back", null, innerException: ex);
            }
        }
    }

    private TimeSpan HeldBackFor(ref long? since)
    {
        since ??= _time.GetTimestamp();
        return _time.GetElapsedTime(since.Value);
    }

    private ResiliencePipeline BuildPipeline(TopOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = "top" };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // Allow-list: only what is known to be the platform's or the network's fault. Never the caller's
                // cancellation (an OperationCanceledException is not handled here), never an unknown error.
                // Unrecognized codes and malformed answers are not proven to be the caller's fault: retried too,
                // bounded, then thrown (the run stops with 69, or the detail path quarantines the trade as owed).
                // An open breaker is not retried here (its attempts would be spent in milliseconds while it stays open): the
                // call waits it out in ExecuteAsync.
                ShouldHandle = new PredicateBuilder()
                    .Handle<TopException>(static e => e.Kind is TopErrorKind.Transient or TopErrorKind.Unrecognized or TopErrorKind.MalformedAnswer),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = args =>
                {
                    var method = args.Outcome.Exception is TopException top ? top.Method : "gateway";
                    _counters.RecordRetry(method);
                    _logger.RetryScheduled(method, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }
        var failureRatio = options.BreakerFailureRatio;
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TopException>(static e => e.Kind == TopErrorKind.Transient),
            FailureRatio = failureRatio,
            SamplingDuration = options.BreakerSamplingDuration,
            MinimumThroughput = options.BreakerMinimumThroughput,
            BreakDuration = options.BreakerBreakDuration,
            OnOpened = args =>
            {
                _counters.RecordBreakerOpened();
                _logger.BreakerOpened(failureRatio, args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                _logger.BreakerClosed();
                return default;
            },
        });
        return builder.Build();
    }
}
