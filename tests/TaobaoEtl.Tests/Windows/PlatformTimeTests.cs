using System.Text;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Windows;

/// <summary>The one reading of the platform's time text: the string parse and the normalizer's byte parse agree with the format.</summary>
public sealed class PlatformTimeTests
{
    [Fact]
    public void Both_parses_read_back_what_the_format_writes_across_the_years()
    {
        var random = new Random(15);
        for (var i = 0; i < 2000; i++)
        {
            // 1970–2100: before 1991 Shanghai had summer time, so the fast path's fixed offset must give way to the zone.
            var instant = Instant.FromUnixTimeSeconds(random.NextInt64(0, 4_102_444_800));
            var text = PlatformTime.Format(instant);

            Assert.True(PlatformTime.TryParse(text, out var fromString), text);
            Assert.True(PlatformTime.TryParseUtf8(Encoding.UTF8.GetBytes(text), out var fromBytes), text);
            var expected = instant.InZone(PlatformTime.Zone).LocalDateTime.InZoneLeniently(PlatformTime.Zone).ToInstant();
            Assert.Equal(expected, fromString);
            Assert.Equal(expected, fromBytes);
        }
    }

    [Theory]
    [InlineData("2026-11-11 00:00:00", true)]
    [InlineData(" 2026-11-11 00:00:00 ", true)]
    [InlineData("2026-02-29 00:00:00", false)]
    [InlineData("2026-11-11T00:00:00", false)]
    [InlineData("2026-11-11 24:00:00", false)]
    [InlineData("2026-11-11", false)]
    [InlineData("", false)]
    public void The_string_parse_takes_the_wire_text_only(string text, bool valid)
    {
        Assert.Equal(valid, PlatformTime.TryParse(text, out _));
        if (text.Trim() == text) Assert.Equal(valid, PlatformTime.TryParseUtf8(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Eleven_eleven_midnight_in_Shanghai_is_sixteen_hours_UTC_the_day_before()
    {
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 16, 0), PlatformTime.Parse("2026-11-11 00:00:00"));
        Assert.Throws<FormatException>(() => PlatformTime.Parse("11/11/2026"));
    }
}
