using System.Diagnostics;
using System.Globalization;

namespace TaobaoEtl.Bench.Memory;

/// <summary>
/// Peak resident set size, from the kernel's high-water mark (<c>VmHWM</c> in <c>/proc/PID/status</c>): the most
/// physical memory the process ever held, which is what an operator sizes a machine by.
/// </summary>
public static class PeakRss
{
    /// <summary>This process's peak RSS in bytes (VmHWM on Linux; the runtime's peak working set elsewhere).</summary>
    public static long OfThisProcess()
    {
        if (Read("/proc/self/status") is { } bytes) return bytes;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>The peak RSS so far of a running process, or null when it has exited or the system has no /proc.</summary>
    public static long? Of(int processId) => Read($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status");

    /// <summary>Reads <c>VmHWM</c> from a status text such as <c>/proc/self/status</c>; null when absent.</summary>
    public static long? Parse(string statusText)
    {
        ArgumentNullException.ThrowIfNull(statusText);
        foreach (var line in statusText.Split('\n'))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var parts = line["VmHWM:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                return kb * 1024;
        }

        return null;
    }

    private static long? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No /proc (not Linux) or the process is gone: there is no reading, which the caller reports as such.
            return null;
        }
    }
}
