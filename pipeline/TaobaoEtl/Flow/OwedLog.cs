using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Flow;

/// <summary>Log events of owed trades (ids 6101–6109; the pipeline's own are 1001–1099).</summary>
internal static partial class OwedLog
{
    [LoggerMessage(6101, LogLevel.Warning, "{IdName} {Id} of shop {ShopId}: {Kind} on the detail call (code {Code}, {SubCode}, request_id {RequestId}); owed, retried by later runs")]
    public static partial void DeadLettered(ILogger logger, string idName, long id, string shopId, string kind, int? code, string? subCode, string? requestId);

    [LoggerMessage(6102, LogLevel.Warning, "{IdName} {Id} of shop {ShopId}: the answer stayed malformed ({Reason}); raw body quarantined, owed")]
    public static partial void MalformedQuarantined(ILogger logger, string idName, long id, string shopId, string reason);

    [LoggerMessage(6103, LogLevel.Warning, "{IdName} {Id} of shop {ShopId} could not be normalized: {Reason}; quarantined, owed")]
    public static partial void Quarantined(ILogger logger, string idName, long id, string shopId, string reason);

    [LoggerMessage(6104, LogLevel.Information, "Shop {ShopId}: retrying {Due} owed {Stream}")]
    public static partial void Retrying(ILogger logger, string shopId, int due, string stream);

    [LoggerMessage(6105, LogLevel.Warning, "{Open} trades owed after the run ({New} new, {Resolved} resolved); the next runs retry them")]
    public static partial void LeftOwed(ILogger logger, long open, long @new, long resolved);

    [LoggerMessage(6106, LogLevel.Warning, "Run {RunId}: the owed trades could not be counted")]
    public static partial void TallyFailed(ILogger logger, Exception exception, long runId);
}
