using NodaTime;
using TaobaoEtl.State;
using TaobaoEtl.Tests.Windows;

namespace TaobaoEtl.Tests.State;

public sealed class WatermarkAdvanceTests
{
    private static readonly Instant W = Shanghai.At("2026-11-20 10:00:00");

    private static Interval Minutes(int from, int to) => new(W + Duration.FromMinutes(from), W + Duration.FromMinutes(to));

    [Fact]
    public void Watermark_moves_to_the_end_of_the_contiguous_committed_run()
    {
        Assert.Equal(W + Duration.FromMinutes(50), WatermarkAdvance.Advance(W, W - Duration.FromMinutes(10), [Minutes(-10, 20), Minutes(20, 50)]));
    }

    [Fact]
    public void Watermark_stops_at_a_gap_even_when_later_slices_are_committed()
    {
        Assert.Equal(W + Duration.FromMinutes(20), WatermarkAdvance.Advance(W, W - Duration.FromMinutes(10), [Minutes(50, 80), Minutes(-10, 20)]));
    }

    [Fact]
    public void Watermark_does_not_move_while_the_first_slice_is_uncommitted()
    {
        Assert.Equal(W, WatermarkAdvance.Advance(W, W - Duration.FromMinutes(10), [Minutes(20, 50), Minutes(50, 80)]));
    }

    [Fact]
    public void Watermark_never_moves_back_over_slices_before_it()
    {
        Assert.Equal(W, WatermarkAdvance.Advance(W, W - Duration.FromMinutes(60), [Minutes(-60, -30), Minutes(-30, -5)]));
    }

    [Fact]
    public void Overlapping_slices_from_a_look_back_still_chain()
    {
        Assert.Equal(W + Duration.FromMinutes(40), WatermarkAdvance.Advance(W, W - Duration.FromMinutes(10), [Minutes(-10, 20), Minutes(10, 40)]));
    }

    [Fact]
    public void A_failed_look_back_slice_pins_the_watermark_though_the_slices_after_it_committed()
    {
        // The pass [W - 30, W + 20): its look-back [W - 30, W) failed, [W, W + 20) committed. Moving to W + 20 would make
        // the next look-back start at W - 10: changes of [W - 30, W - 10) that surfaced late would never be listed.
        Assert.Equal(W, WatermarkAdvance.Advance(W, W - Duration.FromMinutes(30), [Minutes(0, 20)]));
        Assert.Equal(W + Duration.FromMinutes(20), WatermarkAdvance.Advance(W, W - Duration.FromMinutes(30), [Minutes(0, 20), Minutes(-30, 0)]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(1234)]
    [InlineData(99_999)]
    public void Watermark_never_passes_an_uncommitted_slice_of_its_pass_whatever_order_slices_commit_in(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 50; round++)
        {
            // A pass: a look-back before the watermark, then slices of random lengths up to now.
            var slices = new List<Interval>();
            var passStart = W - Duration.FromMinutes(random.Next(0, 31));
            var at = passStart;
            for (var i = random.Next(1, 25); i > 0; i--)
            {
                var end = at + Duration.FromSeconds(random.Next(1, 1801));
                slices.Add(new Interval(at, end));
                at = end;
            }

            var order = slices.OrderBy(_ => random.Next()).ToList();
            var committed = new List<Interval>();
            var watermark = W;
            foreach (var slice in order)
            {
                committed.Add(slice);
                var next = WatermarkAdvance.Advance(watermark, passStart, committed);

                Assert.True(next >= watermark, "the watermark moved back");
                // The look-back before the watermark counts like the rest: it lists what the index showed late.
                var uncommitted = slices.Except(committed).ToList();
                var expected = uncommitted.Count == 0
                    ? Max(W, slices[^1].End)
                    : Max(W, uncommitted.Min(u => u.Start));
                Assert.Equal(expected, next);
                watermark = next;
            }
        }
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;
}
