using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Top.Resilience;

/// <summary>
/// A code 7 holds back every caller of the app key, not only the one that met it: hammering during a ban only
/// prolongs it. A ban longer than the run waits stops the run instead, resumable.
/// </summary>
internal sealed class BanResponse(IRateGate gate, TopCallCounters counters, ILogger logger)
{
    /// <summary>Closes the gate for a call-limited failure; returns what the caller throws (any other failure as it came).</summary>
    public TopException Meet(TopException failure)
    {
        if (failure.Kind != TopErrorKind.CallLimited) return failure;
        var ban = failure.BanLength!.Value;
        var scope = failure.BanScope;
        counters.RecordBan(scope);
        var seconds = (long)Math.Ceiling(ban.TotalSeconds);
        if (!gate.Close(ban, failure.Method, failure.SubCode, failure.SubMsg, failure.RequestId))
        {
            logger.QuotaExhausted(failure.Method, seconds, scope, failure.RequestId);
            return gate.StopFor(failure.Method, failure.SubCode, failure.SubMsg, failure.RequestId, ban);
        }
        logger.BanStarted(failure.Method, scope, failure.SubCode, seconds, failure.RequestId);
        return failure;
    }
}
