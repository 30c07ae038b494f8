using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace TaobaoEtl.Top;

/// <summary>
/// The platform's time text: <c>yyyy-MM-dd HH:mm:ss</c> in Asia/Shanghai (GMT+8, no DST), used both for the
/// request <c>timestamp</c> and for every time in requests and responses.
/// </summary>
public static class TopTime
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static readonly LocalDateTimePattern Pattern =
        LocalDateTimePattern.Create("uuuu'-'MM'-'dd HH':'mm':'ss", CultureInfo.InvariantCulture);

    public static string Format(Instant instant) => Pattern.Format(instant.InZone(Zone).LocalDateTime);

    /// <summary>Parses a platform time; the zone has no gaps or overlaps today, lenient resolution is only a guard.</summary>
    public static bool TryParse(string? text, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrEmpty(text)) return false;
        var result = Pattern.Parse(text.Trim());
        if (!result.Success) return false;
        instant = result.Value.InZoneLeniently(Zone).ToInstant();
        return true;
    }

    public static Instant Parse(string text) =>
        TryParse(text, out var instant)
            ? instant
            : throw new FormatException($"'{text}' is not a platform time (yyyy-MM-dd HH:mm:ss, GMT+8)");
}
