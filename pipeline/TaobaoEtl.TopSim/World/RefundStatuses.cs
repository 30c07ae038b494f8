namespace TaobaoEtl.TopSim.World;

/// <summary>
/// Every refund <c>status</c> the simulator gives (top-api.md §4). The platform's list ends with "(+ exchange states)"
/// without naming them: the two exchange states here are assumptions, after the steps of an exchange on the platform's
/// seller pages (the seller took the returned goods in and owes the replacement; the replacement is on its way). An
/// exchange goes WAIT_SELLER_AGREE → WAIT_BUYER_RETURN_GOODS → WAIT_SELLER_CONFIRM_GOODS → the two below → SUCCESS (the
/// buyer received the replacement), or ends CLOSED; a line under an exchange shows the same status as its refund.
/// </summary>
internal static class RefundStatuses
{
    public const string WaitSellerAgree = "WAIT_SELLER_AGREE";
    public const string WaitBuyerReturnGoods = "WAIT_BUYER_RETURN_GOODS";
    public const string WaitSellerConfirmGoods = "WAIT_SELLER_CONFIRM_GOODS";
    public const string SellerRefuseBuyer = "SELLER_REFUSE_BUYER";
    public const string Closed = "CLOSED";
    public const string Success = "SUCCESS";

    /// <summary>Assumed: an exchange whose returned goods the seller accepted, the replacement not yet sent.</summary>
    public const string ExchangeWaitSellerSendGoods = "EXCHANGE_WAIT_SELLER_SEND_GOODS";

    /// <summary>Assumed: an exchange whose replacement the seller sent, not yet received by the buyer.</summary>
    public const string ExchangeWaitBuyerReceiveGoods = "EXCHANGE_WAIT_BUYER_RECEIVE_GOODS";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        WaitSellerAgree, WaitBuyerReturnGoods, WaitSellerConfirmGoods, SellerRefuseBuyer, Closed, Success,
        ExchangeWaitSellerSendGoods, ExchangeWaitBuyerReceiveGoods,
    };
}
