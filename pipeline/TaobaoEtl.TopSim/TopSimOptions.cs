using NodaTime;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.TopSim;

/// <summary>How to start a simulator; validated once by <see cref="TopSim.StartAsync"/>, every error in one message.</summary>
public sealed class TopSimOptions
{
    /// <summary>Everything the world and the injected faults draw comes from this seed.</summary>
    public long Seed { get; set; } = 20261111;

    public SimPreset Preset { get; set; } = SimPreset.Small;

    /// <summary>Chooses <see cref="Faults"/> when they are not given.</summary>
    public SimProfile Profile { get; set; } = SimProfile.Clean;

    /// <summary>The simulated instant at start; null = the preset's default (double11: 2026-11-11 00:05 GMT+8, just after the peak began).</summary>
    public Instant? ClockStart { get; set; }

    /// <summary>Simulated seconds per real second; 0 freezes the clock (it then moves only by <c>/sim/clock/advance</c>).</summary>
    public double ClockSpeed { get; set; } = 60;

    /// <summary>TCP port on 127.0.0.1; 0 = any free port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// The host's real clock: the request timestamp check (±10 min, GMT+8), bans and quotas, and the pace of the
    /// simulated clock. Tests pass a fake one to move real time without sleeping.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The hostile switches; null = those of <see cref="Profile"/>.</summary>
    public FaultOptions? Faults { get; set; }

    /// <summary>Shops in the world; null = the preset's count (small 2, double11 3, large 4).</summary>
    public int? ShopCount { get; set; }

    public static readonly Instant Double11Start = Instant.FromUtc(2026, 11, 10, 16, 5);
    public static readonly Instant OrdinaryStart = Instant.FromUtc(2026, 10, 15, 2, 0);

    internal Instant EffectiveClockStart => ClockStart ?? (Preset == SimPreset.Double11 ? Double11Start : OrdinaryStart);

    internal FaultOptions EffectiveFaults => (Faults ?? (Profile == SimProfile.Hostile ? FaultOptions.Hostile() : FaultOptions.Clean())).Copy();

    internal int EffectiveShopCount => ShopCount ?? Preset switch
    {
        SimPreset.Small => 2,
        SimPreset.Double11 => 3,
        _ => 4,
    };

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Preset)) errors.Add($"{nameof(Preset)} must be small, double11 or large");
        if (!Enum.IsDefined(Profile)) errors.Add($"{nameof(Profile)} must be clean or hostile");
        if (!(ClockSpeed >= 0 && ClockSpeed <= 100_000)) errors.Add($"{nameof(ClockSpeed)} must be in [0, 100000]");
        if (Port is < 0 or > 65535) errors.Add($"{nameof(Port)} must be in [0, 65535]");
        if (ShopCount is < 1 or > 50) errors.Add($"{nameof(ShopCount)} must be in [1, 50]");
        if (ClockStart is { } start && (start < Instant.FromUtc(2000, 1, 1, 0, 0) || start > Instant.FromUtc(2100, 1, 1, 0, 0)))
            errors.Add($"{nameof(ClockStart)} must be between 2000 and 2100");
        if (Faults is not null) errors.AddRange(Faults.Validate());
        return errors;
    }
}
