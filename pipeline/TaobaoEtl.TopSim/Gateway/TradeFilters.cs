using NodaTime;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>The list methods' shared parameter rules: type, status, time ranges, the 3-month horizon.</summary>
internal static class TradeFilters
{
    private static readonly HashSet<string> TradeStatuses =
    [
        "TRADE_NO_CREATE_PAY", "WAIT_BUYER_PAY", "SELLER_CONSIGNED_PART", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS",
        "TRADE_BUYER_SIGNED", "TRADE_FINISHED", "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO", "PAY_PENDING", "WAIT_PRE_AUTH_CONFIRM",
        "PAID_FORBID_CONSIGN", "ALL_WAIT_PAY", "ALL_CLOSED",
    ];


    public static bool TryTypes(string? type, IReadOnlyList<string> defaults, out bool[] mask, out TopError? error)
    {
        mask = [];
        error = null;
        if (type is not null)
        {
            foreach (var name in type.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!TradeKinds.Accepted.Contains(name))
                {
                    error = TopError.InvalidParameter("type", "不支持的交易类型");
                    return false;
                }
            }
        }

        mask = TradeKinds.Filter(type, defaults);
        return true;
    }

    public static bool TryTradeStatus(string? status, out Func<string, bool> accepts, out TopError? error) =>
        TryStatus(status, TradeStatuses, out accepts, out error);

    /// <summary>A refund status, the exchange states included (<see cref="RefundStatuses"/>).</summary>
    public static bool TryRefundStatus(string? status, out Func<string, bool> accepts, out TopError? error) =>
        TryStatus(status, RefundStatuses.All, out accepts, out error);

    private static bool TryStatus(string? status, IReadOnlySet<string> known, out Func<string, bool> accepts, out TopError? error)
    {
        accepts = _ => true;
        error = null;
        if (status is null) return true;
        if (!known.Contains(status))
        {
            error = TopError.InvalidParameter("status", "不支持的状态");
            return false;
        }

        accepts = status switch
        {
            "ALL_WAIT_PAY" => s => s is "WAIT_BUYER_PAY" or "TRADE_NO_CREATE_PAY",
            "ALL_CLOSED" => s => s is "TRADE_CLOSED" or "TRADE_CLOSED_BY_TAOBAO",
            _ => s => s == status,
        };
        return true;
    }

    /// <summary>The oldest instant the list methods serve: three months back, from the start of that day (GMT+8).</summary>
    public static Instant Oldest(Instant now) =>
        now.InZone(TradeWorld.Zone).Date.PlusMonths(-3).AtStartOfDayInZone(TradeWorld.Zone).ToInstant();

    public static bool TryTime(RequestParameters p, string name, bool required, out Instant? value, out TopError? error)
    {
        value = null;
        error = null;
        var text = p[name];
        if (text is null)
        {
            if (required) error = TopError.MissingParameter(name);
            return !required;
        }

        if (!PlatformTime.TryParse(text, out var instant))
        {
            error = TopError.InvalidParameter(name, name + "格式应为yyyy-MM-dd HH:mm:ss");
            return false;
        }

        value = instant;
        return true;
    }
}
