using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TaobaoEtl.TopSim.Tests;

public sealed partial class SimCommandTests
{
    [Fact]
    public async Task Taobao_etl_sim_prints_its_url_and_credentials_one_per_line_and_serves_until_stopped()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { CliPath(), "sim", "--preset", "double11", "--profile", "hostile", "--port", "0" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            while (lines.Count < 6) lines.Add(await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("sim exited: " + await process.StandardError.ReadToEndAsync(timeout.Token)));

            Assert.Matches(UrlLine(), lines[0]);
            Assert.Matches("^app_key: [0-9]+$", lines[1]);
            Assert.Matches("^app_secret: [0-9a-f]{32}$", lines[2]);
            Assert.All(lines.Skip(3), line => Assert.Matches("^session: 6100[0-9a-f]+$", line));

            using var clock = JsonDocument.Parse(await Support.Sims.Http.GetStringAsync(new Uri(new Uri(lines[0]), "/sim/clock"), timeout.Token));
            Assert.StartsWith("2026-11-11 00:0", clock.RootElement.GetProperty("local").GetString());
            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    [GeneratedRegex("^http://127\\.0\\.0\\.1:[0-9]{2,5}$")]
    private static partial Regex UrlLine();

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
