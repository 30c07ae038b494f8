namespace TaobaoEtl.TopSim.Faults;

/// <summary>
/// Every hostile switch of the simulated gateway, typed, each with a rate in [0,1] where it is a rate.
/// A <see cref="SimProfile.Clean"/> world starts with <see cref="Clean"/>, a hostile one with <see cref="Hostile"/>;
/// <c>POST /sim/faults</c> replaces any subset at run time.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>
    /// Share of changes that reach the list index (increment.get, sold.get) late; the refund list index
    /// (refunds.receive.get) lags under the same switch and minutes, by its own draw.
    /// </summary>
    public double IndexLagRate { get; set; }

    /// <summary>Longest lag of a lagged change outside the peak, in minutes (a lag is 50%–100% of it).</summary>
    public double IndexLagMinutes { get; set; } = 3;

    /// <summary>Longest lag of a change made in the 11-11 peak hour (00:00–01:00 GMT+8), in minutes.</summary>
    public double PeakIndexLagMinutes { get; set; } = 25;

    /// <summary>Calls per real second allowed per app key; 0 = no limit.</summary>
    public int CallsPerSecond { get; set; }

    /// <summary>Length of the ban that follows a breach of <see cref="CallsPerSecond"/>, in seconds.</summary>
    public int BanSeconds { get; set; } = 10;

    /// <summary>Calls per real day (GMT+8) allowed per app key; 0 = no quota. A breach bans until midnight GMT+8.</summary>
    public long DailyQuota { get; set; }

    /// <summary>Share of calls answered with an <c>isp.*</c> error (code 15).</summary>
    public double IspErrorRate { get; set; }

    /// <summary>Share of calls answered with HTTP 502 or 503 and an HTML body.</summary>
    public double Http5xxRate { get; set; }

    /// <summary>Share of calls whose connection is dropped half-way through the response body.</summary>
    public double DropConnectionRate { get; set; }

    /// <summary>
    /// Share of calls answered only after <see cref="SlowResponseDelay"/> (real time). The delay falls after the
    /// handler read the world and before the reply leaves, so the <c>Date</c> header is later than the read.
    /// </summary>
    public double SlowResponseRate { get; set; }

    public TimeSpan SlowResponseDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Share of trade changes followed by a second change within the same second (same <c>modified</c>).</summary>
    public double SameSecondChangeRate { get; set; }

    /// <summary>
    /// Share of trades whose ids come as JSON strings and some money as bare numbers, as real bodies mix them
    /// (top-api.md §1): a parser that assumes one form breaks on the others.
    /// </summary>
    public double MixedValueTypesRate { get; set; }

    /// <summary>Share of message-service messages never delivered.</summary>
    public double TmcDropRate { get; set; }

    /// <summary>Share of message-service messages delivered once more even when confirmed.</summary>
    public double TmcRedeliverRate { get; set; }

    /// <summary>Simulated time after which an unconfirmed message comes again.</summary>
    public TimeSpan TmcRedeliveryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Simulated instant from which every shop's session is refused with code 27; null = never.</summary>
    public DateTimeOffset? SessionExpiresAt { get; set; }

    // ---- The platform's behaviours issue 15 added (all on in Hostile()). ----

    /// <summary>
    /// Share of list calls (<c>sold.get</c>, <c>increment.get</c>) refused outside the peak with code 520
    /// <c>isv.trade-service-rejection</c> "超时请求过多…", the trade service's overload answer (top-api.md §2).
    /// </summary>
    public double OverloadRate { get; set; }

    /// <summary>The same share in the 11-11 peak hour, where the platform sheds most load.</summary>
    public double PeakOverloadRate { get; set; }

    /// <summary>
    /// Share of calls held for <see cref="ReplyDelay"/> (real time) between the read (the handler's snapshot of the
    /// world) and the reply; <c>Date</c> is stamped when the reply leaves, so with the clock running it is later than
    /// the read (top-api.md §2a). 1 = every call (a fixed delay).
    /// </summary>
    public double ReplyDelayRate { get; set; }

    public TimeSpan ReplyDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Per increment page call of a window already paged (same shop, start, end): the chance that the world changes
    /// between two page reads, as it does when the index lags: a late-indexed change surfaces in the middle of the
    /// window, or a trade already listed leaves it (changed again past its end) or moves forward inside it. Real
    /// changes (truth and fullinfo show them), made even while the clock is frozen; never while life is paused.
    /// <c>refunds.receive.get</c> windows churn at the same rate (<see cref="RefundChurn"/>: a refund's change surfaces
    /// mid-window, or a listed refund leaves or moves).
    /// </summary>
    public double PagingChurnRate { get; set; }

    /// <summary>
    /// Share of paging-churn changes (<see cref="PagingChurnRate"/>) that come as a pair in one call: an insertion in the
    /// window's middle with a departure of a trade already listed, so the window's count does not move while a trade lands
    /// on a page already read (issue 15's counter-example to settling on counts). The refund list's churn pairs at the same rate.
    /// </summary>
    public double PagingChurnPairRate { get; set; }

    /// <summary>
    /// Share of <c>fullinfo</c> reads made 300 ms or more into a second that land between two changes of that second: one
    /// at the read (seen), one later in the same second (missed, same <c>modified</c>). See <c>Faults.ReadRace</c>.
    /// </summary>
    public double ReadRaceRate { get; set; }

    /// <summary>Share of increment list calls whose trades with the same <c>modified</c> come in a fresh order (otherwise by tid).</summary>
    public double TieShuffleRate { get; set; }

    /// <summary>
    /// Share of <c>taobao.trades.sold.get</c> calls whose trades with the same <c>created</c> second come in a fresh order
    /// (otherwise a fixed one): two that straddle a page edge can swap between the calls for two pages.
    /// </summary>
    public double CreatedTieShuffleRate { get; set; }

    /// <summary>When <c>type</c> is omitted, the list methods use the narrower reading of the default: 4 types, no <c>step</c> (top-api.md §3).</summary>
    public bool NarrowDefaultTypes { get; set; }

    /// <summary>Share of calls answered with an <c>isp.*</c> error after the handler ran: the work was done (a TMC consume moved its cursor), the answer lost.</summary>
    public double IspAfterWorkRate { get; set; }

    /// <summary>Share of calls answered with HTTP 502/503 after the handler ran (work done, answer lost).</summary>
    public double Http5xxAfterWorkRate { get; set; }

    /// <summary>Per shop id: the simulated instant from which that shop's session is refused with code 27 (the others go on).</summary>
    public Dictionary<long, DateTimeOffset>? ShopSessionExpiresAt { get; set; }

    /// <summary>Error bodies as the real gateway writes them: codes 40/41 without <c>sub_code</c>/<c>sub_msg</c>, an expired session as "Invalid session:session-expired" without <c>sub_msg</c>.</summary>
    public bool RealErrorBodies { get; set; }

    /// <summary>Share of answers (success or error) without <c>request_id</c>, as some real bodies are.</summary>
    public double RequestIdAbsentRate { get; set; }

    /// <summary>
    /// Share of trades whose text is as messy as real bodies: empty strings (<c>sku_properties_name</c>, <c>buyer_message</c>),
    /// emoji inside and outside the BMP (surrogate pairs), newlines and tabs in memos, messages and addresses, values of a
    /// few KB (titles, memos). A trade's text is drawn at its creation under the rate then in force: changing the rate at
    /// run time never rewrites a trade already made (the platform changes no content without a new <c>modified</c>).
    /// </summary>
    public double MessyTextRate { get; set; }

    /// <summary>Every switch off.</summary>
    public static FaultOptions Clean() => new();

    /// <summary>Every switch on at rates that hurt a careless client without stopping a careful one.</summary>
    public static FaultOptions Hostile() => new()
    {
        IndexLagRate = 0.6,
        IndexLagMinutes = 3,
        PeakIndexLagMinutes = 25,
        CallsPerSecond = 150,
        BanSeconds = 5,
        DailyQuota = 5_000_000,
        IspErrorRate = 0.01,
        Http5xxRate = 0.005,
        DropConnectionRate = 0.003,
        SlowResponseRate = 0.01,
        SlowResponseDelay = TimeSpan.FromSeconds(2),
        SameSecondChangeRate = 0.05,
        MixedValueTypesRate = 0.1,
        TmcDropRate = 0.02,
        TmcRedeliverRate = 0.05,
        TmcRedeliveryDelay = TimeSpan.FromMinutes(5),
        // The platform's behaviours that issue 15 found TopSim too kind about.
        OverloadRate = 0.005,
        PeakOverloadRate = 0.05,
        ReplyDelayRate = 0.05,
        ReplyDelay = TimeSpan.FromMilliseconds(300),
        PagingChurnRate = 0.2,
        PagingChurnPairRate = 0.3,
        ReadRaceRate = 0.02,
        TieShuffleRate = 0.5,
        CreatedTieShuffleRate = 0.5,
        NarrowDefaultTypes = true,
        IspAfterWorkRate = 0.005,
        Http5xxAfterWorkRate = 0.003,
        RealErrorBodies = true,
        RequestIdAbsentRate = 0.05,
        MessyTextRate = 0.05,
    };

    public FaultOptions Copy()
    {
        var copy = (FaultOptions)MemberwiseClone();
        if (ShopSessionExpiresAt is { } map) copy.ShopSessionExpiresAt = new Dictionary<long, DateTimeOffset>(map);
        return copy;
    }

    /// <summary>When the session of <paramref name="shopId"/> stops working: its own instant, else the global one.</summary>
    public DateTimeOffset? SessionExpiry(long shopId) =>
        ShopSessionExpiresAt is { } map && map.TryGetValue(shopId, out var own) ? own : SessionExpiresAt;

    /// <summary>Every rule broken, each by name, in one list (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Rate(nameof(IndexLagRate), IndexLagRate, errors);
        Rate(nameof(IspErrorRate), IspErrorRate, errors);
        Rate(nameof(Http5xxRate), Http5xxRate, errors);
        Rate(nameof(DropConnectionRate), DropConnectionRate, errors);
        Rate(nameof(SlowResponseRate), SlowResponseRate, errors);
        Rate(nameof(SameSecondChangeRate), SameSecondChangeRate, errors);
        Rate(nameof(MixedValueTypesRate), MixedValueTypesRate, errors);
        Rate(nameof(TmcDropRate), TmcDropRate, errors);
        Rate(nameof(TmcRedeliverRate), TmcRedeliverRate, errors);
        Rate(nameof(OverloadRate), OverloadRate, errors);
        Rate(nameof(PeakOverloadRate), PeakOverloadRate, errors);
        Rate(nameof(ReplyDelayRate), ReplyDelayRate, errors);
        Rate(nameof(PagingChurnRate), PagingChurnRate, errors);
        Rate(nameof(PagingChurnPairRate), PagingChurnPairRate, errors);
        Rate(nameof(ReadRaceRate), ReadRaceRate, errors);
        Rate(nameof(TieShuffleRate), TieShuffleRate, errors);
        Rate(nameof(CreatedTieShuffleRate), CreatedTieShuffleRate, errors);
        Rate(nameof(IspAfterWorkRate), IspAfterWorkRate, errors);
        Rate(nameof(Http5xxAfterWorkRate), Http5xxAfterWorkRate, errors);
        Rate(nameof(RequestIdAbsentRate), RequestIdAbsentRate, errors);
        Rate(nameof(MessyTextRate), MessyTextRate, errors);
        if (ReplyDelay < TimeSpan.Zero || ReplyDelay > TimeSpan.FromMinutes(5)) errors.Add($"{nameof(ReplyDelay)} must be in [0, 5 min]");
        if (!(IndexLagMinutes >= 0 && IndexLagMinutes <= 60)) errors.Add($"{nameof(IndexLagMinutes)} must be in [0, 60]");
        if (!(PeakIndexLagMinutes >= 0 && PeakIndexLagMinutes <= 60)) errors.Add($"{nameof(PeakIndexLagMinutes)} must be in [0, 60]");
        if (CallsPerSecond < 0) errors.Add($"{nameof(CallsPerSecond)} must be 0 (off) or positive");
        if (BanSeconds is < 1 or > 86_400) errors.Add($"{nameof(BanSeconds)} must be in [1, 86400]");
        if (DailyQuota < 0) errors.Add($"{nameof(DailyQuota)} must be 0 (off) or positive");
        if (SlowResponseDelay < TimeSpan.Zero || SlowResponseDelay > TimeSpan.FromMinutes(5)) errors.Add($"{nameof(SlowResponseDelay)} must be in [0, 5 min]");
        if (TmcRedeliveryDelay < TimeSpan.FromSeconds(1) || TmcRedeliveryDelay > TimeSpan.FromDays(1)) errors.Add($"{nameof(TmcRedeliveryDelay)} must be in [1 s, 1 day]");
        return errors;
    }

    private static void Rate(string name, double value, List<string> errors)
    {
        if (!(value >= 0 && value <= 1)) errors.Add($"{name} must be a rate in [0, 1]");
    }
}
