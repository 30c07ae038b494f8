using TaobaoEtl.Cli;

namespace TaobaoEtl.Tests.Cli;

/// <summary>The CLI's contract with schedulers: bad arguments 64, bad configuration 78, one clear line.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public async Task An_unknown_command_exits_64()
    {
        var (code, _, err) = await CliRun.RunAsync("no-such-command");
        Assert.Equal((int)ExitCode.Usage, code);
        Assert.Contains("no-such-command", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_set_switch_exits_64()
    {
        var (code, _, err) = await CliRun.RunAsync("status", "--set", "Sync:BatchSize");
        Assert.Equal((int)ExitCode.Usage, code);
        Assert.Contains("Key=Value", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_out_of_range_setting_exits_78_naming_the_setting()
    {
        var (code, _, err) = await CliRun.RunAsync("status", "--set", "Database:ConnectionString=Host=127.0.0.1", "--set", "Sync:BatchSize=0");
        Assert.Equal((int)ExitCode.Config, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Sync:BatchSize", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_exits_78_naming_the_setting_without_its_value()
    {
        var (code, _, err) = await CliRun.RunAsync("status", "--set", "Database:ConnectionString=Host=127.0.0.1", "--set", "Top:CallsPerSecond=many-secret-words");
        Assert.Equal((int)ExitCode.Config, code);
        Assert.Contains("Top:CallsPerSecond", err, StringComparison.Ordinal);
        Assert.DoesNotContain("many-secret-words", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_setting_exits_78_naming_it()
    {
        var (code, _, err) = await CliRun.RunAsync("status", "--set", "Database:ConnectionString=Host=127.0.0.1", "--set", "Sync:BatchSise=10");
        Assert.Equal((int)ExitCode.Config, code);
        Assert.Contains("BatchSise", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_database_exits_78_for_a_command_that_needs_it()
    {
        var (code, _, err) = await CliRun.RunAsync("migrate", "--set", "Database:ConnectionString=");
        Assert.Equal((int)ExitCode.Config, code);
        Assert.Contains("Database:ConnectionString", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_exits_69_without_the_password()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var (code, _, err) = await CliRun.RunAsync("status", "--set",
            "Database:ConnectionString=Host=127.0.0.1;Port=1;Username=u;Password=pw-never-shown;Timeout=3");
        Assert.Equal((int)ExitCode.Unavailable, code);
        Assert.DoesNotContain("pw-never-shown", err, StringComparison.Ordinal);
    }
}
