using System.Text.Json;
using TaobaoEtl.Bench;
using TaobaoEtl.Bench.Report;

namespace TaobaoEtl.Tests.Bench;

public sealed class BenchReportTests
{
    private static readonly BenchSettings Settings = BenchSettings.Quick;

    // A stage that cannot measure a figure reports it pending; two of them stand for that case here.
    private static readonly string[] Unmeasured = [BenchKeys.DetailCallsOnUnchanged, BenchKeys.RssRatioLargeVsSmall];

    private static List<BenchFigure> AllRequired() =>
        [.. BenchKeys.Required.Select(k => Unmeasured.Contains(k) ? BenchFigure.Pending(k, "not measured here") : BenchFigure.Measured(k, 1.5, ""))];

    [Fact]
    public void The_json_line_carries_every_required_key_with_null_for_the_unmeasured()
    {
        var figures = AllRequired();
        figures.Insert(0, BenchFigure.Measured("extra_figure", 2, "x"));

        using var json = JsonDocument.Parse(new BenchReport(Settings, figures).ToJsonLine());

        foreach (var key in BenchKeys.Required)
        {
            var value = json.RootElement.GetProperty(key);
            Assert.Equal(Unmeasured.Contains(key) ? JsonValueKind.Null : JsonValueKind.Number, value.ValueKind);
        }

        Assert.Equal(2, json.RootElement.GetProperty("extra_figure").GetDouble());
        Assert.Equal(Environment.ProcessorCount, json.RootElement.GetProperty("machine").GetProperty("cores").GetInt32());
    }

    [Fact]
    public void Required_figures_come_first_in_the_issue_order()
    {
        var figures = AllRequired();
        figures.Reverse();
        figures.Insert(0, BenchFigure.Measured("extra_figure", 2, "x"));

        var report = new BenchReport(Settings, figures);

        Assert.Equal([.. BenchKeys.Required, "extra_figure"], report.Figures.Select(f => f.Key));
    }

    [Fact]
    public void A_report_missing_a_required_figure_is_refused()
    {
        var figures = AllRequired();
        figures.RemoveAll(f => f.Key == BenchKeys.QuotaUse);

        var error = Assert.Throws<ArgumentException>(() => new BenchReport(Settings, figures));
        Assert.Contains(BenchKeys.QuotaUse, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_stages_reporting_the_same_figure_is_refused()
    {
        var figures = AllRequired();
        figures.Add(BenchFigure.Measured(BenchKeys.Bans, 0, "bans"));

        Assert.Throws<ArgumentException>(() => new BenchReport(Settings, figures));
    }
}
