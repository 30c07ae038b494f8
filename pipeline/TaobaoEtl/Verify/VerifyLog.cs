using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Verify;

internal static partial class VerifyLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "Verifying shop {ShopId} ({SellerNick}): {StagedTrades} staged trades, {StagedRefunds} staged refunds; created from {BackfillFrom} to {InitialWatermark} or modified since; pending from {PendingFrom}")]
    public static partial void ShopInScope(ILogger logger, string shopId, string? sellerNick, int stagedTrades, int stagedRefunds,
        string backfillFrom, string initialWatermark, string pendingFrom);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "Verified against the truth at {TruthNow}: {TradesTruth} trades in scope, {TradesDb} staged, {Missing} missing, {Stale} stale, {Extra} extra, {FieldMismatch} field mismatches, {LinesMismatch} line mismatches, {RefundsMissing} refunds missing, {RefundsStale} refunds stale, {RefundsExtra} refunds extra, {Pending} pending")]
    public static partial void Verified(ILogger logger, string truthNow, long tradesTruth, long tradesDb, long missing, long stale, long extra,
        long fieldMismatch, long linesMismatch, long refundsMissing, long refundsStale, long refundsExtra, long pending);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning,
        Message = "Shop {ShopId} ({SellerNick}) has no trade in the truth: no platform shop has its seller nick, so every staged row of it counts as extra")]
    public static partial void ShopNotInTruth(ILogger logger, string shopId, string? sellerNick);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Debug, Message = "{Kind} shop {ShopId} tid {Tid}: {Detail}")]
    public static partial void Offence(ILogger logger, string kind, string shopId, long tid, string detail);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information,
        Message = "Platform shop {PlatformShopId} ({SellerNick}) is in the truth but not verified: no etl.shop row in scope has its seller nick")]
    public static partial void ShopNotVerified(ILogger logger, long platformShopId, string? sellerNick);
}
