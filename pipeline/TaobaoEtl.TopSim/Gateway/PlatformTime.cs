using NodaTime;
using NodaTime.Text;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>The platform's time text: <c>yyyy-MM-dd HH:mm:ss</c> in Asia/Shanghai.</summary>
// Public for the harness of the sim (TaobaoEtl.Harness.Sim), which writes and reads the sim's time text through the
// sim's own code: TopSim and the production library share no code, so neither can hide the other's mistake.
public static class PlatformTime
{
    private static readonly LocalDateTimePattern Pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss");

    public static string Format(Instant instant) => Pattern.Format(instant.InZone(TradeWorld.Zone).LocalDateTime);

    public static bool TryParse(string? text, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var result = Pattern.Parse(text.Trim());
        if (!result.Success) return false;
        instant = result.Value.InZoneLeniently(TradeWorld.Zone).ToInstant();
        return true;
    }

    /// <summary>The request <c>timestamp</c>: the text form, or epoch milliseconds as the Python SDK sends.</summary>
    public static bool TryParseTimestamp(string? text, out Instant instant)
    {
        if (TryParse(text, out instant)) return true;
        if (text is { Length: >= 10 and <= 16 } && text.All(char.IsAsciiDigit)
            && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms))
        {
            instant = Instant.FromUnixTimeMilliseconds(ms);
            return true;
        }

        return false;
    }
}
