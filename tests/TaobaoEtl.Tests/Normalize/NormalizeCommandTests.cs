using System.Text.Json;
using TaobaoEtl.Tests.Cli;

namespace TaobaoEtl.Tests.Normalize;

public sealed class NormalizeCommandTests
{
    private static Task<CliRun> Run(params string[] args) => CliRun.RunAsync(["normalize", .. args]);

    [Fact]
    public async Task Prints_order_and_lines_of_each_file_as_json_without_configuration()
    {
        var (exit, output, error) = await Run(
            Fixture.PathOf("fullinfo_multi_line.json"), Fixture.PathOf("jdp_response_string.json"), Fixture.PathOf("bare_trade.json"),
            "--shop", "tmall-1", "--fetched-at", "2026-11-11 00:00:43");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        var results = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, results.Length);
        var first = results[0];
        Assert.Equal(Fixture.PathOf("fullinfo_multi_line.json"), first.GetProperty("source").GetString());
        var order = first.GetProperty("sales_order");
        Assert.Equal("tmall-1", order.GetProperty("shop_id").GetString());
        Assert.Equal(452790065331038L, order.GetProperty("tid").GetInt64());
        Assert.Equal("to_ship", order.GetProperty("erp_status").GetString());
        Assert.Equal("2026-11-11T00:00:42+08:00", order.GetProperty("modified").GetString());
        Assert.Equal("2026-11-11T00:00:43+08:00", order.GetProperty("fetched_at").GetString());
        Assert.Equal("285.80", order.GetProperty("payment").GetRawText());
        Assert.Equal("屈**", order.GetProperty("receiver_name").GetString());
        var lines = first.GetProperty("sales_order_lines").EnumerateArray().ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal("西湖龙井 2026 新茶 明前特级 250g", lines[0].GetProperty("title").GetString());
        Assert.Contains("西湖龙井", output, StringComparison.Ordinal); // CJK printed as text, not \u escapes
        Assert.Equal("FRONT_PAID_FINAL_NOPAID", results[1].GetProperty("sales_order").GetProperty("step_trade_status").GetString());
        Assert.Equal("cancelled", results[2].GetProperty("sales_order").GetProperty("erp_status").GetString());
    }

    [Fact]
    public async Task Data_it_cannot_map_exits_65_naming_file_and_reason_and_still_prints_the_good_ones()
    {
        var (exit, output, error) = await Run(Fixture.PathOf("missing_modified.json"), Fixture.PathOf("bare_trade.json"));
        Assert.Equal(65, exit);
        Assert.Contains("missing_modified.json (tid 1003): rejected: modified: is missing", error, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(1001L, document.RootElement[0].GetProperty("sales_order").GetProperty("tid").GetInt64());
    }

    [Fact]
    public async Task An_error_response_file_exits_65_with_the_platform_error()
    {
        var (exit, _, error) = await Run(Fixture.PathOf("error_response.json"));
        Assert.Equal(65, exit);
        Assert.Contains("isv.trade-not-exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_64()
    {
        var (exit, _, error) = await Run(Path.Combine(AppContext.BaseDirectory, "no-such-file.json"), Fixture.PathOf("missing_modified.json"));
        Assert.Equal(64, exit);
        Assert.Contains("no-such-file.json: no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_file_at_all_is_a_usage_error()
    {
        var (exit, _, _) = await Run();
        Assert.Equal(64, exit);
    }
}
