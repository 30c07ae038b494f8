using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Flow;

/// <summary>Log events of shops a run stops alone (ids 1501–1519).</summary>
internal static partial class ShopLog
{
    [LoggerMessage(1501, LogLevel.Error, "Shop {ShopId}: the platform refused its session (code 27): the seller must re-authorize the app; the shop is stopped, its watermark waits, the other shops go on")]
    public static partial void SessionRefused(ILogger logger, string shopId);

    [LoggerMessage(1502, LogLevel.Error, "{Message}")]
    public static partial void BehindHorizon(ILogger logger, string message);

    [LoggerMessage(1503, LogLevel.Warning, "{Message}")]
    public static partial void Locked(ILogger logger, string message);

    [LoggerMessage(1504, LogLevel.Warning, "Shop {ShopId}: its {Stream} watermark {Watermark} was behind the platform's horizon; moved to {Horizon}, which this backfill covers by created and the increment then lists by modified")]
    public static partial void Rebased(ILogger logger, string shopId, string stream, string watermark, string horizon);

    [LoggerMessage(1505, LogLevel.Information, "Shop {ShopId}: the platform accepted its session again; the re-authorization mark is cleared")]
    public static partial void Reauthorized(ILogger logger, string shopId);

    [LoggerMessage(1506, LogLevel.Warning, "Shop {ShopId}: {TradeDays} trade backfill days are done but no refund backfill day is: the refunds changed before its refund watermark are owed; run backfill --stream refunds")]
    public static partial void RefundBackfillOwed(ILogger logger, string shopId, int tradeDays);
}
