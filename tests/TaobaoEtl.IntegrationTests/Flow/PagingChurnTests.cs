using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;
using Xunit.Abstractions;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// Loss path 1 of issue 15 through TopSim over HTTP: between two page reads of one slice the world moves (late-indexed
/// changes surface mid-slice, listed trades leave it or move forward, ties come back in a new order). The settle rule
/// must list every trade anyway. (That the count-based rule it replaced loses trades under churn is shown where it can
/// be shown every time: <c>SettleRuleTests</c> and <c>SettleRulePropertyTests</c>; a small TopSim world churns too
/// rarely between the pages of one slice for a loss to be certain.)
/// </summary>
public sealed class PagingChurnTests(ITestOutputHelper output)
{
    private const int BackfillDays = 2;

    [Fact]
    public async Task With_paging_churn_the_settle_rule_lists_every_trade_and_a_quiescent_end_leaves_nothing_pending()
    {
        var (report, churned) = await SyncAsync();

        Assert.True(churned > 0, "TopSim injected no churn: the test would prove nothing");
        Assert.True(report.IsClean, SyncHarness.Describe(report));
        Assert.Equal(0, report.Pending);
        Assert.True(report.TradesTruth > 300, SyncHarness.Describe(report));
    }

    private async Task<(TaobaoEtl.Verify.VerifyReport Report, long Churned)> SyncAsync()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var faults = FaultOptions.Clean();
        faults.IndexLagRate = 0.6;
        faults.PagingChurnRate = 1;
        faults.TieShuffleRate = 1;
        // Long slices of many pages, so churn lands between the page reads of one slice.
        await using var harness = await SyncHarness.StartAsync(database, seed: 31, faults, BackfillDays,
            sync => sync.SliceLength = TimeSpan.FromHours(12));

        await harness.BackfillAsync();
        for (var i = 0; i < 4; i++)
        {
            await harness.AdvanceAsync(Duration.FromHours(3));
            await harness.IncrementAsync();
        }

        await harness.QuiesceAsync();
        await harness.IncrementAsync();
        var churned = await harness.InjectedAsync("paging_churn_insert") + await harness.InjectedAsync("paging_churn_leave")
            + await harness.InjectedAsync("paging_churn_move");
        var report = await harness.VerifyAsync();
        output.WriteLine($"churn events {churned}; " + SyncHarness.Describe(report));
        return (report, churned);
    }
}
