using System.Diagnostics;
using TaobaoEtl.Bench.Memory;

namespace TaobaoEtl.IntegrationTests.Bench;

/// <summary>The probe the end-to-end bench will put on the sync process, tried on a child that holds a known amount of memory.</summary>
public sealed class PeakRssProbeTests
{
    private const int Megabytes = 32;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_probe_reports_at_least_what_a_child_process_held_after_it_has_exited()
    {
        // The shell keeps the text in a variable, says so, and exits when its input closes.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"held=$(head -c {Megabytes * 1024 * 1024} /dev/zero | tr '\\0' a); echo ready; read _; echo ${{#held}}");
        using var child = Process.Start(start)!;
        var probe = PeakRssProbe.Start(child, TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);

        Assert.Equal("ready", await child.StandardOutput.ReadLineAsync().WaitAsync(Patience));
        var whileHolding = probe.SampleNow();
        child.StandardInput.Close();
        var peak = await probe.Watching.WaitAsync(Patience);

        Assert.Equal((Megabytes * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), await child.StandardOutput.ReadLineAsync());
        Assert.NotNull(whileHolding);
        Assert.True(peak >= Megabytes * 1024L * 1024, $"peak {peak} bytes is below the {Megabytes} MB the child held");
        Assert.True(peak >= whileHolding);
    }

    [Fact]
    public void A_process_that_has_gone_has_no_reading()
    {
        using var child = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        child.WaitForExit();

        Assert.Null(PeakRss.Of(child.Id));
    }
}
