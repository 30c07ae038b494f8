using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace TaobaoEtl.Top.Wire;

// One envelope per method: the success member is named after the method (top-api.md §2), the error member is
// shared. Source generation needs the names at compile time, hence one small class each.

internal interface ITopEnvelope<out TBody> where TBody : class
{
    TBody? Response { get; }
    TopErrorBody? Error { get; }
}

internal abstract class TopBody
{
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
}

internal sealed class TimeGetBody : TopBody
{
    [JsonPropertyName("time")] public Instant? Time { get; set; }
}

internal sealed class TimeGetEnvelope : ITopEnvelope<TimeGetBody>
{
    [JsonPropertyName("time_get_response")] public TimeGetBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}

internal sealed class TradeStub
{
    [JsonPropertyName("tid")] public long Tid { get; set; }
    [JsonPropertyName("modified")] public Instant? Modified { get; set; }
    [JsonPropertyName("created")] public Instant? Created { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
}

internal sealed class TradeStubList
{
    [JsonPropertyName("trade")] public List<TradeStub>? Trade { get; set; }
}

internal sealed class TradesBody : TopBody
{
    [JsonPropertyName("trades")] public TradeStubList? Trades { get; set; }
    [JsonPropertyName("has_next")] public bool? HasNext { get; set; }
    [JsonPropertyName("total_results")] public long? TotalResults { get; set; }
}

internal sealed class TradesSoldGetEnvelope : ITopEnvelope<TradesBody>
{
    [JsonPropertyName("trades_sold_get_response")] public TradesBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}

internal sealed class TradesSoldIncrementGetEnvelope : ITopEnvelope<TradesBody>
{
    [JsonPropertyName("trades_sold_increment_get_response")] public TradesBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}

internal sealed class FullInfoBody : TopBody
{
    [JsonPropertyName("trade")] public JsonElement? Trade { get; set; }
}

internal sealed class TradeFullinfoGetEnvelope : ITopEnvelope<FullInfoBody>
{
    [JsonPropertyName("trade_fullinfo_get_response")] public FullInfoBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}

internal sealed class RefundList
{
    [JsonPropertyName("refund")] public List<JsonElement>? Refund { get; set; }
}

internal sealed class RefundsBody : TopBody
{
    [JsonPropertyName("refunds")] public RefundList? Refunds { get; set; }
    [JsonPropertyName("has_next")] public bool? HasNext { get; set; }
    [JsonPropertyName("total_results")] public long? TotalResults { get; set; }
}

internal sealed class RefundsReceiveGetEnvelope : ITopEnvelope<RefundsBody>
{
    [JsonPropertyName("refunds_receive_get_response")] public RefundsBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}

internal sealed class RefundBody : TopBody
{
    [JsonPropertyName("refund")] public JsonElement? Refund { get; set; }
}

internal sealed class RefundGetEnvelope : ITopEnvelope<RefundBody>
{
    [JsonPropertyName("refund_get_response")] public RefundBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}

internal sealed class SuccessBody : TopBody
{
    [JsonPropertyName("is_success")] public bool IsSuccess { get; set; }
}

internal sealed class TmcUserPermitEnvelope : ITopEnvelope<SuccessBody>
{
    [JsonPropertyName("tmc_user_permit_response")] public SuccessBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}

internal sealed class TmcMessagesConfirmEnvelope : ITopEnvelope<SuccessBody>
{
    [JsonPropertyName("tmc_messages_confirm_response")] public SuccessBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}

internal sealed class TmcMessageList
{
    [JsonPropertyName("tmc_message")] public List<TmcMessage>? Message { get; set; }
}

internal sealed class TmcConsumeBody : TopBody
{
    [JsonPropertyName("messages")] public TmcMessageList? Messages { get; set; }
}

internal sealed class TmcMessagesConsumeEnvelope : ITopEnvelope<TmcConsumeBody>
{
    [JsonPropertyName("tmc_messages_consume_response")] public TmcConsumeBody? Response { get; set; }
    [JsonPropertyName("error_response")] public TopErrorBody? Error { get; set; }
}
