namespace TaobaoEtl.TopSim.Gateway;

/// <summary>An answer in the platform's <c>error_response</c> envelope: the code, its sentence-case msg and sub codes.</summary>
internal sealed record TopError(int Code, string Msg, string? SubCode = null, string? SubMsg = null)
{
    public static TopError MissingParameter(string name) =>
        new(40, "Missing required arguments:" + name, "isv.missing-parameter:" + name, "缺少必选参数:" + name);

    public static TopError InvalidParameter(string name, string why) =>
        new(41, "Invalid arguments:" + name, "isv.invalid-parameter:" + name, why);

    public static readonly TopError MissingMethod = new(21, "Missing method");
    public static readonly TopError InvalidMethod = new(22, "Invalid method");
    public static readonly TopError InvalidFormat = new(23, "Invalid format");
    public static readonly TopError MissingSignature = new(24, "Missing signature");
    public static readonly TopError InvalidSignature = new(25, "Invalid signature");
    public static readonly TopError MissingSession = new(26, "Missing session");
    public static readonly TopError InvalidSession = new(27, "Invalid session", "invalid-sessionkey", "SessionKey非法");
    public static readonly TopError ExpiredSession = new(27, "Invalid session", "session-expired", "Invalid session:session-expired");
    public static readonly TopError MissingAppKey = new(28, "Missing app key");
    public static readonly TopError InvalidAppKey = new(29, "Invalid app key");
    public static readonly TopError MissingTimestamp = new(30, "Missing timestamp");
    public static readonly TopError InvalidTimestamp = new(31, "Invalid timestamp", "isv.invalid-timestamp", "时间戳与服务器时间相差超过10分钟");
    public static readonly TopError MissingVersion = new(32, "Missing version");
    public static readonly TopError InvalidVersion = new(33, "Invalid version");
    public static readonly TopError TradeNotExist = new(15, "Remote service error", "isv.trade-not-exist", "交易订单不存在");
    public static readonly TopError RefundNotExist = new(15, "Remote service error", "isv.refund-not-exist", "退款不存在");

    /// <summary>The trade service shedding load on list calls (top-api.md §2): a throttle despite its <c>isv.</c> prefix.</summary>
    public static readonly TopError Overloaded = new(520, "Remote service error", "isv.trade-service-rejection", "超时请求过多，请将查询时间间隔缩短,3分钟后再查询！");

    /// <summary>
    /// The body as the real gateway writes it (top-api.md §2): codes 40 and 41 carry no sub codes, an expired
    /// session says so in <c>msg</c> and has no <c>sub_msg</c>.
    /// </summary>
    public TopError AsThePlatformWritesIt() => this switch
    {
        { Code: 40 or 41 } => this with { SubCode = null, SubMsg = null },
        { Code: 27, SubCode: "session-expired" } => this with { Msg = "Invalid session:session-expired", SubMsg = null },
        _ => this,
    };

    public static TopError Banned(string subCode, long seconds) =>
        new(7, "App Call Limited", subCode, $"This ban will last for {seconds} more seconds");

    private static readonly (string SubCode, string SubMsg)[] PlatformFailures =
    [
        ("isp.remote-service-timeout", "远程服务调用超时"),
        ("isp.top-remote-connection-timeout", "连接远程服务超时"),
        ("isp.top-remote-connection-error", "连接远程服务错误"),
        ("isp.top-remote-service-unavailable", "远程服务不可用"),
        ("isp.unknown-error", "未知错误"),
        ("isp.system-busy", "系统繁忙"),
    ];

    public static TopError PlatformFailure(double u)
    {
        var (subCode, subMsg) = PlatformFailures[(int)(u * PlatformFailures.Length) % PlatformFailures.Length];
        return new TopError(15, "Remote service error", subCode, subMsg);
    }
}
