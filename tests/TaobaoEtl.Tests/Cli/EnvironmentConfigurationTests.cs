using System.Diagnostics;

namespace TaobaoEtl.Tests.Cli;

/// <summary>The real process, configured the way a scheduler configures it: through TAOBAOETL__ variables.</summary>
public sealed class EnvironmentConfigurationTests
{
    private static async Task<(int Code, string Err)> RunCli(IDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "taobao-etl.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("TAOBAOETL__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    [Fact]
    public async Task A_bad_environment_value_exits_78_with_one_line_naming_the_setting()
    {
        var (code, err) = await RunCli(new Dictionary<string, string>
        {
            ["TAOBAOETL__Database__ConnectionString"] = "Host=127.0.0.1;Password=env-secret-pw",
            ["TAOBAOETL__Sync__LookBack"] = "ten minutes",
        }, "status");

        Assert.Equal((int)ExitCode.Config, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Sync:LookBack", line, StringComparison.Ordinal);
        Assert.DoesNotContain("env-secret-pw", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_exit_64()
    {
        var (code, err) = await RunCli(new Dictionary<string, string>(), "status", "--log-format", "xml");
        Assert.Equal((int)ExitCode.Usage, code);
        Assert.Contains("xml", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IncrementPagingFrontToBack")]
    [InlineData("TrustDateHeader")]
    public async Task A_test_only_switch_from_the_environment_is_refused_with_exit_78(string name)
    {
        // A scheduler's environment is shared and inherited: a switch that loses orders on purpose must not ride in it.
        var (code, err) = await RunCli(new Dictionary<string, string>
        {
            ["TAOBAOETL__Database__ConnectionString"] = "Host=127.0.0.1",
            ["TAOBAOETL__Sync__Testing__" + name] = "true",
        }, "status");

        Assert.Equal((int)ExitCode.Config, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Sync:Testing:" + name, line, StringComparison.Ordinal);
        Assert.Contains("test-only", line, StringComparison.Ordinal);
    }
}
