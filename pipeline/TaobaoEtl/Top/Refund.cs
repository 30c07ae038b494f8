using System.Text.Json.Serialization;
using NodaTime;

namespace TaobaoEtl.Top;

/// <summary>One refund as <c>taobao.refunds.receive.get</c> / <c>taobao.refund.get</c> return it; absent fields stay null.</summary>
public sealed class Refund
{
    [JsonPropertyName("refund_id")] public long RefundId { get; set; }
    [JsonPropertyName("tid")] public long? Tid { get; set; }
    [JsonPropertyName("oid")] public long? Oid { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("buyer_nick")] public string? BuyerNick { get; set; }
    [JsonPropertyName("seller_nick")] public string? SellerNick { get; set; }
    [JsonPropertyName("total_fee")] public decimal? TotalFee { get; set; }
    [JsonPropertyName("refund_fee")] public decimal? RefundFee { get; set; }
    [JsonPropertyName("payment")] public decimal? Payment { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("good_status")] public string? GoodStatus { get; set; }
    [JsonPropertyName("order_status")] public string? OrderStatus { get; set; }
    [JsonPropertyName("refund_phase")] public string? RefundPhase { get; set; }
    [JsonPropertyName("dispute_type")] public string? DisputeType { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("desc")] public string? Description { get; set; }
    [JsonPropertyName("has_good_return")] public bool? HasGoodReturn { get; set; }
    [JsonPropertyName("company_name")] public string? CompanyName { get; set; }
    [JsonPropertyName("sid")] public string? Sid { get; set; }
    [JsonPropertyName("created")] public Instant? Created { get; set; }
    [JsonPropertyName("modified")] public Instant? Modified { get; set; }
}
