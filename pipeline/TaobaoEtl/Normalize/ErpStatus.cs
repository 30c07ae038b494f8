namespace TaobaoEtl.Normalize;

/// <summary>
/// The Taobao trade status → ERP status table (the README repeats it). The Taobao status is always kept
/// beside the mapped one (<c>taobao_status</c>), so a mapping change can be re-derived without refetching.
/// </summary>
public static class ErpStatus
{
    public const string PendingPayment = "pending_payment";
    public const string ToShip = "to_ship";
    public const string PartiallyShipped = "partially_shipped";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Completed = "completed";
    public const string RefundedClosed = "refunded_closed";
    public const string Cancelled = "cancelled";
    public const string OnHold = "on_hold";

    /// <summary>
    /// A status this table does not know yet. Such a trade is still stored, not quarantined: the platform
    /// adds statuses without notice, and a quarantined trade is an order the ERP never sees. The ERP can
    /// filter <c>erp_status = 'unknown'</c>, and the raw status says what it was.
    /// </summary>
    public const string Unknown = "unknown";

    /// <summary>Every known Taobao status with its ERP status and what it means, in life-cycle order.</summary>
    public static IReadOnlyList<(string Taobao, string Erp, string Meaning)> Table { get; } =
    [
        ("TRADE_NO_CREATE_PAY", PendingPayment, "no Alipay payment created yet"),
        ("WAIT_BUYER_PAY", PendingPayment, "waiting for the buyer to pay"),
        ("PAY_PENDING", PendingPayment, "payment being processed"),
        ("WAIT_PRE_AUTH_CONFIRM", PendingPayment, "pre-authorized payment awaiting confirmation"),
        ("PAID_FORBID_CONSIGN", OnHold, "paid, but shipping is not allowed yet"),
        ("WAIT_SELLER_SEND_GOODS", ToShip, "paid, waiting for the seller to ship"),
        ("SELLER_CONSIGNED_PART", PartiallyShipped, "some lines shipped"),
        ("WAIT_BUYER_CONFIRM_GOODS", Shipped, "shipped, waiting for the buyer to confirm receipt"),
        ("TRADE_BUYER_SIGNED", Delivered, "buyer signed for the goods (cash on delivery)"),
        ("TRADE_FINISHED", Completed, "trade finished"),
        ("TRADE_CLOSED", RefundedClosed, "closed after payment (fully refunded)"),
        ("TRADE_CLOSED_BY_TAOBAO", Cancelled, "closed before payment (buyer or seller cancelled, or timed out)"),
    ];

    /// <summary>The ERP status of a Taobao status; <see cref="Unknown"/> for one the table does not list.</summary>
    public static string FromTaobao(string taobaoStatus) => taobaoStatus switch
    {
        "TRADE_NO_CREATE_PAY" or "WAIT_BUYER_PAY" or "PAY_PENDING" or "WAIT_PRE_AUTH_CONFIRM" => PendingPayment,
        "PAID_FORBID_CONSIGN" => OnHold,
        "WAIT_SELLER_SEND_GOODS" => ToShip,
        "SELLER_CONSIGNED_PART" => PartiallyShipped,
        "WAIT_BUYER_CONFIRM_GOODS" => Shipped,
        "TRADE_BUYER_SIGNED" => Delivered,
        "TRADE_FINISHED" => Completed,
        "TRADE_CLOSED" => RefundedClosed,
        "TRADE_CLOSED_BY_TAOBAO" => Cancelled,
        _ => Unknown,
    };
}
