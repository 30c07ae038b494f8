using NodaTime;

namespace TaobaoEtl.Normalize;

/// <summary>One <c>staging.refund</c> row. Column names follow the table (<c>desc</c> is <c>description</c>).</summary>
public sealed record RefundRow
{
    public required string ShopId { get; init; }
    public required long RefundId { get; init; }
    public long? Tid { get; init; }
    public long? Oid { get; init; }
    public string? Title { get; init; }
    public string? BuyerNick { get; init; }
    public string? SellerNick { get; init; }
    public decimal? TotalFee { get; init; }
    public decimal? RefundFee { get; init; }
    public decimal? Payment { get; init; }
    public string? Status { get; init; }
    public string? GoodStatus { get; init; }
    public string? OrderStatus { get; init; }
    public string? RefundPhase { get; init; }
    public string? DisputeType { get; init; }
    public string? Reason { get; init; }
    public string? Description { get; init; }
    public bool? HasGoodReturn { get; init; }
    public string? CompanyName { get; init; }
    public string? Sid { get; init; }
    public Instant? Created { get; init; }
    public required Instant Modified { get; init; }
    /// <summary>When the platform answered: with <see cref="Modified"/> the row's version.</summary>
    public required Instant FetchedAt { get; init; }
}
