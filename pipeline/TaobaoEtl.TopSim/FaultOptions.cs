namespace TaobaoEtl.TopSim;

/// <summary>
/// Every hostile switch of the simulated gateway, typed, each with a rate in [0,1] where it is a rate.
/// A <see cref="SimProfile.Clean"/> world starts with <see cref="Clean"/>, a hostile one with <see cref="Hostile"/>;
/// <c>POST /sim/faults</c> replaces any subset at run time.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Share of changes that reach the list index (increment.get, sold.get) late.</summary>
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

    /// <summary>Share of calls answered only after <see cref="SlowResponseDelay"/> (real time).</summary>
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
    };

    public FaultOptions Copy() => (FaultOptions)MemberwiseClone();

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
