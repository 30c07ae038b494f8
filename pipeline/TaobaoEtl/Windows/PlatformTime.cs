using NodaTime;
using NodaTime.Text;

namespace TaobaoEtl.Windows;

/// <summary>
/// The platform's calendar: Asia/Shanghai, whole seconds, <c>yyyy-MM-dd HH:mm:ss</c>. "Today" is always
/// computed from an instant the platform gave us (taobao.time.get or a response's Date header), never
/// from the local clock, so a host in UTC still cuts days at Shanghai midnight.
/// </summary>
public static class PlatformTime
{
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static LocalDateTimePattern Pattern { get; } = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss");

    /// <summary>The platform's date at <paramref name="platformNow"/>.</summary>
    public static LocalDate DateOf(Instant platformNow) => platformNow.InZone(Zone).Date;

    /// <summary>00:00 of the platform's current day.</summary>
    public static Instant StartOfDay(Instant platformNow) => StartOf(DateOf(platformNow));

    /// <summary>00:00 of <paramref name="date"/> in the platform zone.</summary>
    public static Instant StartOf(LocalDate date) => date.AtStartOfDayInZone(Zone).ToInstant();

    /// <summary>The instant as the platform writes it in requests (<c>start_modified</c>, <c>end_created</c>, …).</summary>
    public static string Format(Instant instant) => Pattern.Format(instant.InZone(Zone).LocalDateTime);

    /// <summary>
    /// Drops the sub-second part. The platform speaks whole seconds; a window edge with a fraction would be
    /// rounded by the formatter and could open a gap between neighbours.
    /// </summary>
    public static Instant FloorToSecond(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        var floored = ticks - (((ticks % NodaConstants.TicksPerSecond) + NodaConstants.TicksPerSecond) % NodaConstants.TicksPerSecond);
        return Instant.FromUnixTimeTicks(floored);
    }
}
