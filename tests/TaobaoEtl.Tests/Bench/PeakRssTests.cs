using TaobaoEtl.Bench.Memory;

namespace TaobaoEtl.Tests.Bench;

public sealed class PeakRssTests
{
    [Fact]
    public void The_high_water_mark_is_read_from_a_proc_status_text_in_bytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 3000000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";

        Assert.Equal(123456L * 1024, PeakRss.Parse(status));
    }

    [Fact]
    public void A_status_without_a_high_water_mark_gives_no_reading() =>
        Assert.Null(PeakRss.Parse("Name:\tkthreadd\nState:\tS (sleeping)\n"));

    [Fact]
    public void This_process_has_a_peak_of_at_least_its_current_working_set()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var current = self.WorkingSet64;

        Assert.True(PeakRss.OfThisProcess() >= current / 2, "the peak must not be below the resident set");
    }
}
