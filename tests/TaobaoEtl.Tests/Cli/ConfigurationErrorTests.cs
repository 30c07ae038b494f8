using TaobaoEtl.Cli;

namespace TaobaoEtl.Tests.Cli;

/// <summary>
/// Configuration mistakes an operator makes, each answered with exit 78 and one line that names every bad setting
/// (never a value), so the file is fixed once, not once per run.
/// </summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private const string Database = "Database:ConnectionString=Host=127.0.0.1";
    private readonly string _folder = Directory.CreateTempSubdirectory("taobao-etl-config-").FullName;

    private static string OneLine(string err) => Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');

    [Fact]
    public async Task A_malformed_json_config_file_exits_78_with_one_line_naming_the_file_and_the_position()
    {
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, "{\n  \"Sync\": {\n    \"BatchSize\": 500,,\n  }\n}\n");

        var (code, _, err) = await CliRun.RunAsync("status", "--config", file, "--set", Database);

        Assert.Equal(78, code);
        var line = OneLine(err);
        Assert.Contains("bad.json", line, StringComparison.Ordinal);
        Assert.Contains("line 3", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_is_named_in_full_with_the_nearest_valid_key()
    {
        var (code, _, err) = await CliRun.RunAsync("status", "--set", Database, "--set", "Sync:BatchSzie=10");

        Assert.Equal(78, code);
        var line = OneLine(err);
        Assert.Contains("Sync:BatchSzie", line, StringComparison.Ordinal);
        Assert.Contains("did you mean Sync:BatchSize?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_inside_a_shop_names_the_shop_index()
    {
        var (code, _, err) = await CliRun.RunAsync("status", "--set", Database, "--set", "Shops:1:Sesion=x", "--set", "Shops:1:ShopId=b", "--set", "Shops:0:ShopId=a");

        Assert.Equal(78, code);
        Assert.Contains("Shops:1:Sesion: is not a known setting (did you mean Shops:1:Session?)", OneLine(err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_setting_is_named_in_the_one_line_not_only_the_first()
    {
        var (code, _, err) = await CliRun.RunAsync("status", "--set", Database,
            "--set", "Top:CallsPerSecond=many", "--set", "Sync:LookBack=ten minutes", "--set", "Sync:BatchSize=0", "--set", "Sync:BatchSzie=1");

        Assert.Equal(78, code);
        var line = OneLine(err);
        foreach (var key in new[] { "Top:CallsPerSecond", "Sync:LookBack", "Sync:BatchSize:", "Sync:BatchSzie" })
            Assert.Contains(key, line, StringComparison.Ordinal);
        Assert.DoesNotContain("many", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ten minutes", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_only_switch_in_a_config_file_or_set_is_refused_with_exit_78()
    {
        var file = Path.Combine(_folder, "testing.json");
        await File.WriteAllTextAsync(file, "{ \"Sync\": { \"Testing\": { \"IncrementPagingFrontToBack\": true } } }");

        var fromFile = await CliRun.RunAsync("status", "--config", file, "--set", Database);
        var fromSet = await CliRun.RunAsync("status", "--set", Database, "--set", "Sync:Testing:IncrementPagingFrontToBack=true");

        Assert.Equal(78, fromFile.Code);
        Assert.Contains("Sync:Testing:IncrementPagingFrontToBack", OneLine(fromFile.Err), StringComparison.Ordinal);
        Assert.Contains("test-only", fromFile.Err, StringComparison.Ordinal);
        Assert.Equal(78, fromSet.Code);
        Assert.Contains("Sync:Testing:IncrementPagingFrontToBack", OneLine(fromSet.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_set_without_equals_never_echoes_its_value()
    {
        const string secret = "s3ss10n-pasted-by-mistake";

        var (code, _, err) = await CliRun.RunAsync("status", "--set", secret);

        Assert.Equal(64, code);
        Assert.Contains("--set expects Key=Value", err, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hidden_test_only_switch_is_the_one_source_that_sets_a_test_only_setting()
    {
        var empty = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        var options = EtlConfiguration.Bind(empty, TaobaoEtl.Configuration.ConfigurationNeeds.None,
            new Dictionary<string, string?> { ["Sync:Testing:IncrementPagingFrontToBack"] = "true" });

        Assert.True(options.Sync.Testing.IncrementPagingFrontToBack);
        Assert.False(EtlConfiguration.Bind(empty, TaobaoEtl.Configuration.ConfigurationNeeds.None).Sync.Testing.IncrementPagingFrontToBack);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
