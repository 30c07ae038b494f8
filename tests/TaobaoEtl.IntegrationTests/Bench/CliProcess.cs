using System.Diagnostics;
using TaobaoEtl.Cli.Chaos;

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
        // The same launcher as the chaos harness and the kill tests: the CLI this test project references, under
        // the dotnet host, inheriting this process's environment (the test database's connection string).
        var start = SyncChildLaunch.ThisCli().StartInfo(arguments, new Dictionary<string, string>());
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
}
