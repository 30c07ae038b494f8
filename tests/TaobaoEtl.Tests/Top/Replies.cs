namespace TaobaoEtl.Tests.Top;

/// <summary>Bodies the real gateway sends (top-api.md §2), for scripted answers.</summary>
internal static class Replies
{
    public const string Time = """{"time_get_response":{"time":"2026-11-12 00:10:05","request_id":"t1"}}""";

    public const string SoldPage = """
        {"trades_sold_get_response":{"trades":{"trade":[{"tid":452790065331038,"modified":"2026-11-11 00:00:01"},
        {"tid":"163288460521882636","modified":"2026-11-11 00:00:02"}]},"has_next":false,"request_id":"s1"}}
        """;

    public const string Trade = """{"tid":"163288460521882636","modified":"2026-11-11 20:30:00","payment":"13.80","receiver_name":"屈**","orders":{"order":[{"oid":163288460521882637,"payment":13.8}]}}""";

    public const string FullInfo = """{"trade_fullinfo_get_response":{"trade":""" + Trade + ""","request_id":"f1"}}""";

    public static string Error(int code, string msg, string? subCode = null, string? subMsg = null, string? requestId = "e1")
    {
        var parts = new List<string> { $"\"code\":{code}", $"\"msg\":\"{msg}\"" };
        if (subCode is not null) parts.Add($"\"sub_code\":\"{subCode}\"");
        if (subMsg is not null) parts.Add($"\"sub_msg\":\"{subMsg}\"");
        if (requestId is not null) parts.Add($"\"request_id\":\"{requestId}\"");
        return "{\"error_response\":{" + string.Join(',', parts) + "}}";
    }

    public static readonly string IspTimeout = Error(15, "Remote service error", "isp.remote-service-timeout", "服务超时", "e-isp");
    public static readonly string TradeNotExist = Error(15, "Remote service error", "isv.trade-not-exist", "交易订单不存在", "e-isv");
    public static readonly string SessionExpired = Error(27, "Invalid session:session-expired", "session-expired", "the session expired", "e-27");
}
