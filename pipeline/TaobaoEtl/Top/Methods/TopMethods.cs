using System.Text.Json;
using TaobaoEtl.Top.Wire;

namespace TaobaoEtl.Top.Methods;

/// <summary>
/// The platform methods the pipeline calls (top-api.md §3–§5): each one's name, parameters and envelope. Checks of
/// what a caller may pass stay here, before anything is sent or counted.
/// </summary>
internal static class TopMethods
{
    public static readonly TopListMethod<TradesBody> TradesSold = new("taobao.trades.sold.get", "start_created", "end_created",
        static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.TradesSoldGetEnvelope));

    public static readonly TopListMethod<TradesBody> TradesSoldIncrement = new("taobao.trades.sold.increment.get",
        "start_modified", "end_modified",
        static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.TradesSoldIncrementGetEnvelope));

    public static readonly TopListMethod<RefundsBody> RefundsReceive = new("taobao.refunds.receive.get", "start_modified", "end_modified",
        static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.RefundsReceiveGetEnvelope));

    public static TopCall<TimeGetBody> TimeGet() => new(new TopRequest("taobao.time.get", null),
        static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.TimeGetEnvelope));

    public static TopCall<FullInfoBody> TradeFullInfo(TopSession session, long tid, string fields)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(fields);
        return new(new TopRequest("taobao.trade.fullinfo.get", session).With("fields", fields).ForTid(tid),
            static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.TradeFullinfoGetEnvelope));
    }

    public static TopCall<RefundBody> RefundGet(TopSession session, long refundId, string fields)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(fields);
        return new(new TopRequest("taobao.refund.get", session).With("fields", fields).With("refund_id", refundId),
            static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.RefundGetEnvelope));
    }

    /// <param name="topics">REPLACES the seller's whole topic set: all topics or none (none = every topic the app subscribes).</param>
    public static TopCall<SuccessBody> TmcUserPermit(TopSession session, IReadOnlyCollection<string>? topics)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(new TopRequest("taobao.tmc.user.permit", session)
                .With("topics", topics is { Count: > 0 } ? string.Join(',', topics) : null),
            static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.TmcUserPermitEnvelope));
    }

    public static TopCall<TmcConsumeBody> TmcMessagesConsume(string? groupName, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantity, 200);
        return new(new TopRequest("taobao.tmc.messages.consume", null).With("group_name", groupName).With("quantity", quantity),
            static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.TmcMessagesConsumeEnvelope));
    }

    public static TopCall<SuccessBody> TmcMessagesConfirm(IReadOnlyCollection<long> messageIds, string? groupName)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count is 0 or > 200)
            throw new ArgumentOutOfRangeException(nameof(messageIds), messageIds.Count, "confirm 1 to 200 message ids per call");
        return new(new TopRequest("taobao.tmc.messages.confirm", null)
                .With("s_message_ids", string.Join(',', messageIds))
                .With("group_name", groupName),
            static json => JsonSerializer.Deserialize(json, TopJsonContext.Default.TmcMessagesConfirmEnvelope));
    }
}
