using System.Diagnostics;

namespace TaobaoEtl.IntegrationTests.Bench;

/// <summary>
/// Runs the built <c>taobao-etl</c> as its own process, as an operator or a scheduler does: its stdout is the real
/// stdout (so "the last line" means what a script reads), and its memory and threads are not this test host's,
/// so a heavy command leaves nothing behind to disturb the timing tests that follow.
/// </summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan patience, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPath());
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var timeout = new CancellationTokenSource(patience);
        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"taobao-etl {string.Join(' ', arguments)} did not finish within {patience.TotalSeconds:0} s");
        }
    }

    /// <summary>The CLI built beside this test project (same configuration), as `./run.sh test` builds it.</summary>
    private static string CliPath()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = bin.Name;
        var configuration = bin.Parent!.Name;
        var root = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "pipeline", "TaobaoEtl.Cli", "bin", configuration, framework, "taobao-etl.dll");
        Assert.True(File.Exists(path), "the CLI is not built at " + path);
        return path;
    }
}
