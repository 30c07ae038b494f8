using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaobaoEtl.Bench;
using TaobaoEtl.Bench.Report;

namespace TaobaoEtl.Tests.Bench;

public sealed class BenchRunTests
{
    private sealed class FakeStage(string name, params string[] keys) : IBenchStage
    {
        public int Runs { get; private set; }

        public string Title => name + " stage";

        public string Name => name;

        public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
        {
            Runs++;
            return Task.FromResult<IReadOnlyList<BenchFigure>>([.. keys.Select(k => BenchFigure.Measured(k, 1, ""))]);
        }
    }

    private static BenchContext Context() => new(BenchSettings.Quick, "Host=unused", NullLoggerFactory.Instance,
        new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero)), new DirectoryInfo(Path.GetTempPath()));

    [Fact]
    public async Task Only_runs_the_named_stages_and_reports_the_figures_of_the_others_as_pending()
    {
        var sink = new FakeStage("sink", BenchKeys.SinkRatio, BenchKeys.SinkTradesPerSecond, BenchKeys.PsqlCopyRowsPerSecond);
        var e2e = new FakeStage("e2e", BenchKeys.EndToEndTradesPerSecond, BenchKeys.PeakRssMegabytes, "e2e_extra");

        var report = await BenchRun.Only(["e2e"], [sink, e2e]).RunAsync(Context(), CancellationToken.None);

        Assert.Equal(0, sink.Runs);
        Assert.Equal(1, e2e.Runs);
        Assert.Equal(1, report.Figures.Single(f => f.Key == BenchKeys.EndToEndTradesPerSecond).Value);
        Assert.Contains(report.Figures, f => f.Key == "e2e_extra");
        var pending = report.Figures.Where(f => f.Value is null).Select(f => f.Key).ToHashSet();
        Assert.Equal(BenchKeys.Required.Except([BenchKeys.EndToEndTradesPerSecond, BenchKeys.PeakRssMegabytes]).ToHashSet(), pending);
        Assert.All(report.Figures.Where(f => f.Value is null), f => Assert.Contains("--only e2e", f.Note, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_full_run_still_refuses_a_required_figure_no_stage_measured()
    {
        var e2e = new FakeStage("e2e", BenchKeys.EndToEndTradesPerSecond);

        await Assert.ThrowsAsync<ArgumentException>(() => new BenchRun([e2e]).RunAsync(Context(), CancellationToken.None));
    }

    [Fact]
    public void An_unknown_stage_name_is_refused_naming_the_stages()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchRun.Only(["e2e", "nope"]));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sink, quota, e2e, memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_standard_stages_have_distinct_names()
    {
        Assert.Equal(["sink", "quota", "e2e", "memory"], BenchRun.Stages.Select(s => s.Name));
    }
}
