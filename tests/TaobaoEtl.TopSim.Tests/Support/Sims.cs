using Microsoft.Extensions.Time.Testing;
using NodaTime;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.TopSim.Tests.Support;

/// <summary>Starting simulators for tests: a frozen simulated clock, a fake wall clock the test moves.</summary>
internal static class Sims
{
    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A wall clock on a date far from the simulated one, so no check can confuse the two.</summary>
    public static FakeTimeProvider WallClock() => new(new DateTimeOffset(2027, 3, 15, 9, 30, 0, TimeSpan.Zero));

    /// <summary>
    /// A profile's world faults with every gateway failure off — errors before and after the work, overloads, call
    /// limits, slow answers and reply delays (the fake wall clock is never advanced) — for tests of what TopSim serves.
    /// </summary>
    public static FaultOptions WithoutGatewayFailures(SimProfile profile)
    {
        var faults = profile == SimProfile.Clean ? FaultOptions.Clean() : FaultOptions.Hostile();
        faults.IspErrorRate = faults.Http5xxRate = faults.DropConnectionRate = faults.SlowResponseRate = 0;
        faults.IspAfterWorkRate = faults.Http5xxAfterWorkRate = faults.OverloadRate = faults.PeakOverloadRate = faults.ReplyDelayRate = 0;
        faults.CallsPerSecond = 0;
        return faults;
    }

    public static Task<TopSim> StartAsync(TimeProvider wall, SimPreset preset = SimPreset.Small, FaultOptions? faults = null,
        long seed = 7, Instant? clockStart = null) =>
        TopSim.StartAsync(new TopSimOptions
        {
            Seed = seed,
            Preset = preset,
            ClockSpeed = 0,
            ClockStart = clockStart,
            TimeProvider = wall,
            Faults = faults ?? FaultOptions.Clean(),
        }, CancellationToken.None);

    public static string Local(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public static string Local(Instant instant) => Local(instant.ToDateTimeOffset());

    /// <summary>Every trade type the platform knows, for list calls that must not lose any.</summary>
    public const string AllTypes =
        "fixed,auction,guarantee_trade,step,independent_simple_trade,independent_shop_trade,auto_delivery,ec,cod,game_equipment," +
        "shopex_trade,netcn_trade,external_trade,instant_trade,b2c_cod,hotel_trade,super_market_trade,super_market_cod_trade,taohua," +
        "waimai,o2o_offlinetrade,nopaid,eticket,tmall_i18n,insurance_plus,finance,pre_auth_type,lazada";
}
