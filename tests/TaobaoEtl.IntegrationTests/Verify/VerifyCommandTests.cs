using System.Text.Json;
using TaobaoEtl.Cli;

namespace TaobaoEtl.IntegrationTests.Verify;

/// <summary>The <c>verify</c> command: the report's JSON is the last line of stdout, offenders go to stderr, the exit code says clean or not.</summary>
public sealed class VerifyCommandTests(StagedWorld world) : IClassFixture<StagedWorld>
{
    private async Task<(int Code, string Out, string Err)> RunAsync(StagedCopy copy, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandLine.RunAsync(["verify", .. args, "--set", "Database:ConnectionString=" + copy.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement LastLine(string output)
    {
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return JsonDocument.Parse(last).RootElement;
    }

    [Fact]
    public async Task A_clean_copy_exits_0_with_the_report_as_the_last_line()
    {
        await using var copy = await world.CopyAsync();

        var (code, output, error) = await RunAsync(copy, "--sim", world.Sim.BaseUri.AbsoluteUri);

        Assert.True(code == 0, error);
        var report = LastLine(output);
        string[] keys = ["trades_truth", "trades_db", "missing", "stale", "extra", "field_mismatch", "lines_mismatch", "refunds_missing", "refunds_stale", "refunds_extra", "quarantined", "dead_letters", "pending", "owed"];
        Assert.Equal(keys, report.EnumerateObject().Select(p => p.Name));
        Assert.Equal(world.TradesLoaded, report.GetProperty("trades_truth").GetInt64());
        Assert.Equal(0, report.GetProperty("missing").GetInt64());
    }

    [Fact]
    public async Task A_missing_trade_exits_65_and_names_its_tid_on_stderr()
    {
        await using var copy = await world.CopyAsync();
        var tids = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            tids.Add(await copy.ScalarAsync<long>("DELETE FROM staging.sales_order WHERE tid = (SELECT tid FROM staging.sales_order ORDER BY modified, tid LIMIT 1) RETURNING tid"));
        }

        var (code, output, error) = await RunAsync(copy, "--sim", world.Sim.BaseUri.AbsoluteUri, "--shop", "shop-1", "--shop", "shop-2");

        Assert.Equal((int)ExitCode.DataError, code);
        Assert.Equal(25, LastLine(output).GetProperty("missing").GetInt64());
        var listed = error.Split('\n').Where(l => l.Contains("missing shop", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, listed.Count);
        Assert.Contains(listed, l => l.Contains($"tid {tids[0]}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DELETE FROM staging.refund WHERE refund_id = {0}", "refunds_missing")]
    [InlineData("UPDATE staging.refund SET refund_fee = refund_fee + 1 WHERE refund_id = {0}", "refunds_stale")]
    public async Task A_missing_or_stale_refund_exits_65_and_names_it_on_stderr(string change, string key)
    {
        await using var copy = await world.CopyAsync();
        var refundId = await copy.ScalarAsync<long>("SELECT refund_id FROM staging.refund ORDER BY modified, refund_id LIMIT 1");
        Assert.Equal(1, await copy.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, change, refundId)));

        var (code, output, error) = await RunAsync(copy, "--sim", world.Sim.BaseUri.AbsoluteUri);

        Assert.Equal((int)ExitCode.DataError, code);
        Assert.Equal(1, LastLine(output).GetProperty(key).GetInt64());
        Assert.Equal(0, LastLine(output).GetProperty("missing").GetInt64());
        Assert.Contains($"{key} shop", error, StringComparison.Ordinal);
        Assert.Contains($"refund {refundId}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_url_exits_64_and_an_unreachable_simulator_69()
    {
        await using var copy = await world.CopyAsync();

        var (badCode, _, badError) = await RunAsync(copy, "--sim", "not a url");
        var (downCode, _, downError) = await RunAsync(copy, "--sim", "http://127.0.0.1:1");
        var (shopCode, _, shopError) = await RunAsync(copy, "--sim", world.Sim.BaseUri.AbsoluteUri, "--shop", "no-such-shop");

        Assert.Equal((int)ExitCode.Usage, badCode);
        Assert.Contains("--sim", badError, StringComparison.Ordinal);
        Assert.Equal((int)ExitCode.Unavailable, downCode);
        Assert.Contains("cannot be read", downError, StringComparison.Ordinal);
        Assert.Equal((int)ExitCode.Usage, shopCode);
        Assert.Contains("no-such-shop", shopError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_with_no_shop_does_not_verify_clean()
    {
        await using var copy = await world.CopyAsync();
        await copy.ExecuteAsync("DELETE FROM etl.shop");

        var (code, output, error) = await RunAsync(copy, "--sim", world.Sim.BaseUri.AbsoluteUri);

        Assert.Equal((int)ExitCode.DataError, code);
        Assert.Contains("no shop", error, StringComparison.Ordinal);
        Assert.DoesNotContain("trades_truth", output, StringComparison.Ordinal);
    }
}
