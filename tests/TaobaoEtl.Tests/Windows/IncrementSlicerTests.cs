using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Windows;

public sealed class IncrementSlicerTests
{
    private static IncrementSlicer Slicer(Action<SyncOptions>? configure = null)
    {
        var options = new SyncOptions();
        configure?.Invoke(options);
        return new IncrementSlicer(options);
    }

    [Fact]
    public void Increment_starts_the_normal_look_back_before_the_watermark_and_ends_at_platform_now()
    {
        var span = Slicer().Plan("shop1", Shanghai.At("2026-11-20 10:00:00"), Shanghai.At("2026-11-20 10:40:00"));

        Assert.False(span.Peak);
        Assert.Equal(Shanghai.At("2026-11-20 09:50:00"), span.Slices[0].Start);
        Assert.Equal(Shanghai.At("2026-11-20 10:40:00"), span.Slices[^1].End);
    }

    [Fact]
    public void Peak_mode_from_configuration_starts_the_peak_look_back_before_the_watermark()
    {
        var span = Slicer(o => o.PeakMode = true).Plan("shop1", Shanghai.At("2026-11-20 10:00:00"), Shanghai.At("2026-11-20 10:40:00"));

        Assert.True(span.Peak);
        Assert.Equal(Shanghai.At("2026-11-20 09:30:00"), span.Slices[0].Start);
    }

    [Theory]
    [InlineData("2026-11-11 10:00:00", "2026-11-11 10:20:00")]
    [InlineData("2026-11-12 00:05:00", "2026-11-12 00:30:00")] // the look-back reaches back into 11-11
    [InlineData("2026-11-12 00:10:00", "2026-11-12 00:15:00")] // only the peak look-back reaches 11-11: its last changes still lag
    [InlineData("2026-11-10 23:55:00", "2026-11-11 00:10:00")] // the span runs into 11-11
    [InlineData("2026-12-12 08:00:00", "2026-12-12 08:30:00")]
    public void Peak_look_back_switches_on_by_itself_when_the_span_touches_a_peak_day(string watermark, string now)
    {
        var span = Slicer().Plan("shop1", Shanghai.At(watermark), Shanghai.At(now));

        Assert.True(span.Peak);
        Assert.Equal(Shanghai.At(watermark) - Duration.FromMinutes(30), span.Slices[0].Start);
    }

    [Fact]
    public void Peak_days_are_platform_days_not_UTC_days()
    {
        // 2026-11-11T16:30Z is already 11-12 00:30 in Shanghai: the span [00:20, 01:00) of 11-12 touches
        // no peak day there, though every instant of it is 11-11 in UTC.
        var span = Slicer().Plan("shop1", Shanghai.Utc("2026-11-11T16:30:00Z"), Shanghai.Utc("2026-11-11T17:00:00Z"));

        Assert.False(span.Peak);
        Assert.Equal(Shanghai.Utc("2026-11-11T16:20:00Z"), span.Slices[0].Start);
    }

    [Theory]
    [InlineData(30, 10, 1)]
    [InlineData(30, 600, 2)]
    [InlineData(7, 180, 0)]
    [InlineData(1440, 5000, 3)]
    [InlineData(1, 45, 4)]
    public void Slices_are_contiguous_cover_the_span_and_never_exceed_the_slice_length(int sliceMinutes, int spanMinutes, int extraSeconds)
    {
        var watermark = Shanghai.At("2026-11-20 10:00:00");
        var now = watermark + Duration.FromMinutes(spanMinutes) + Duration.FromSeconds(extraSeconds);
        var span = Slicer(o => o.SliceLength = TimeSpan.FromMinutes(sliceMinutes)).Plan("shop1", watermark, now);

        Assert.Equal(span.Start, span.Slices[0].Start);
        Assert.Equal(now, span.Slices[^1].End);
        for (var i = 1; i < span.Slices.Count; i++)
            Assert.Equal(span.Slices[i - 1].End, span.Slices[i].Start);
        Assert.All(span.Slices, slice =>
        {
            Assert.True(slice.Length <= Duration.FromMinutes(sliceMinutes));
            Assert.True(slice.Length <= Duration.FromDays(1));
            Assert.Equal(WindowKind.IncrementSlice, slice.Kind);
        });
    }

    [Fact]
    public void A_slice_length_above_the_platform_limit_is_clamped_to_one_day()
    {
        var slicer = Slicer(o => o.SliceLength = TimeSpan.FromDays(3));
        var watermark = Shanghai.At("2026-11-01 00:00:00");

        var span = slicer.Plan("shop1", watermark, watermark + Duration.FromDays(4));

        Assert.Equal(Duration.FromDays(1), slicer.SliceLength);
        Assert.All(span.Slices, slice => Assert.True(slice.Length <= Duration.FromDays(1)));
        Assert.Equal(5, span.Slices.Count);
    }

    [Fact]
    public void Nothing_is_planned_until_the_platform_clock_passes_the_start()
    {
        var watermark = Shanghai.At("2026-11-20 10:00:00");

        var span = Slicer().Plan("shop1", watermark, watermark - Duration.FromMinutes(20));

        Assert.Empty(span.Slices);
    }

    [Fact]
    public void Slice_edges_are_whole_seconds_even_when_platform_now_is_not()
    {
        var watermark = Shanghai.At("2026-11-20 10:00:00");
        var now = watermark + Duration.FromMinutes(5) + Duration.FromMilliseconds(700);

        var span = Slicer().Plan("shop1", watermark, now);

        Assert.Equal(watermark + Duration.FromMinutes(5), span.Slices[^1].End);
    }

    [Fact]
    public void Halving_a_window_gives_two_contiguous_whole_second_halves()
    {
        var window = new TradeWindow("shop1", SyncStream.Trade, WindowKind.IncrementSlice,
            new Interval(Shanghai.At("2026-11-20 10:00:00"), Shanghai.At("2026-11-20 10:00:31")));

        var (first, second) = window.Halve();

        Assert.Equal(window.Start, first.Start);
        Assert.Equal(Shanghai.At("2026-11-20 10:00:15"), first.End);
        Assert.Equal(first.End, second.Start);
        Assert.Equal(window.End, second.End);
    }

    [Fact]
    public void Windows_are_written_in_platform_time()
    {
        Assert.Equal("2026-11-11 00:00:00", PlatformTime.Format(Shanghai.Utc("2026-11-10T16:00:00Z")));
    }

    [Fact]
    public void The_look_back_stops_at_the_platforms_horizon_which_refuses_anything_older()
    {
        // On 11-11 the platform lists from 08-11 00:00; a watermark five minutes after it must not ask for 08-10 23:55.
        var span = Slicer().Plan("shop1", Shanghai.At("2026-08-11 00:05:00"), Shanghai.At("2026-11-11 09:00:00"));

        Assert.Equal(Shanghai.At("2026-08-11 00:00:00"), span.Slices[0].Start);
        Assert.Equal(Shanghai.At("2026-08-11 00:00:00"), span.Start);
    }
}
