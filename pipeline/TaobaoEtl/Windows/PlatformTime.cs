using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace TaobaoEtl.Windows;

/// <summary>
/// The platform's time, in one place: its zone (Asia/Shanghai, GMT+8), its wire text (<c>yyyy-MM-dd HH:mm:ss</c>, whole
/// seconds, in requests, responses and the command line), a fast parse of that text from UTF-8 bytes for the normalizer's
/// hot path, and its calendar. "Today" is always computed from an instant the platform gave us (taobao.time.get or a
/// response's Date header), never from the local clock, so a host in UTC still cuts days at Shanghai midnight.
/// </summary>
public static class PlatformTime
{
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static LocalDateTimePattern Pattern { get; } = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss");

    private const int WireLength = 19;

    /// <summary>What a message says the text must look like.</summary>
    public const string Form = "yyyy-MM-dd HH:mm:ss (GMT+8)";

    // The zone's current rule (from tzdb, not hard-coded): almost every platform time falls inside it, and
    // mapping through one fixed offset is several times cheaper than the general zone lookup.
    private static readonly ZoneInterval CurrentRule = Zone.GetZoneInterval(Instant.FromUtc(2026, 1, 1, 0, 0));

    /// <summary>The platform's date at <paramref name="platformNow"/>.</summary>
    public static LocalDate DateOf(Instant platformNow) => platformNow.InZone(Zone).Date;

    /// <summary>00:00 of the platform's current day.</summary>
    public static Instant StartOfDay(Instant platformNow) => StartOf(DateOf(platformNow));

    /// <summary>00:00 of <paramref name="date"/> in the platform zone.</summary>
    public static Instant StartOf(LocalDate date) => date.AtStartOfDayInZone(Zone).ToInstant();

    /// <summary>The instant as the platform writes it in requests (<c>start_modified</c>, <c>end_created</c>, …).</summary>
    public static string Format(Instant instant) => Pattern.Format(instant.InZone(Zone).LocalDateTime);

    /// <summary>
    /// Parses the wire text (surrounding blanks allowed): fixed widths, real dates and times. Asia/Shanghai has had no DST since 1991, so no local time is
    /// skipped or ambiguous in practice; earlier ones resolve leniently rather than failing.
    /// </summary>
    public static bool TryParse(string? text, out Instant instant)
    {
        instant = default;
        var trimmed = text.AsSpan().Trim();
        // One reading for every path: the characters go through the byte parse (the pattern would also take 24:00:00).
        if (trimmed.Length != WireLength) return false;
        Span<byte> bytes = stackalloc byte[WireLength];
        for (var i = 0; i < WireLength; i++)
        {
            if (trimmed[i] > 127) return false;
            bytes[i] = (byte)trimmed[i];
        }

        return TryParseUtf8(bytes, out instant);
    }

    public static Instant Parse(string text) =>
        TryParse(text, out var instant) ? instant : throw new FormatException($"'{text}' is not a platform time ({Form})");

    /// <summary>
    /// The wire text from its UTF-8 bytes, parsed by hand (the normalizer's hot path): the pattern's rules, fixed widths
    /// and real dates, without a string.
    /// </summary>
    public static bool TryParseUtf8(ReadOnlySpan<byte> text, out Instant instant)
    {
        instant = default;
        if (!TryParseLocal(text, out var local)) return false;
        instant = ToInstant(local);
        return true;
    }

    /// <summary>A wall time of the platform's zone as an instant.</summary>
    public static Instant ToInstant(LocalDateTime local)
    {
        var candidate = local.WithOffset(CurrentRule.WallOffset).ToInstant();
        // Strictly inside the rule (not at its edges), the local time maps to exactly this instant.
        return CurrentRule.Contains(candidate) && (!CurrentRule.HasStart || candidate - CurrentRule.Start > Duration.FromDays(1))
            ? candidate
            : local.InZoneLeniently(Zone).ToInstant();
    }

    private static bool TryParseLocal(ReadOnlySpan<byte> s, out LocalDateTime value)
    {
        value = default;
        if (s.Length != WireLength || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        value = new LocalDateTime(year, month, day, hour, minute, second);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = s[i] - (byte)'0';
            if ((uint)digit > 9) return false;
            value = (value * 10) + digit;
        }

        return true;
    }

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
