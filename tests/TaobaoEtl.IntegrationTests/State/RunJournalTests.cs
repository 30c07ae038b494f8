using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.State;
using static TaobaoEtl.IntegrationTests.State.StateFixtures;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class RunJournalTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_run_row_is_opened_running_and_closed_with_its_tally_and_api_calls()
    {
        var shop = NewShop();
        var journal = new RunJournal(database.DataSource);
        var runId = await journal.StartAsync(shop, "increment", CancellationToken.None);
        Assert.Equal("running", await database.ScalarAsync<string>($"SELECT status FROM etl.run WHERE run_id = {runId}"));

        var calls = new Dictionary<string, long> { ["trades.sold.increment.get:ok"] = 12, ["trade.fullinfo.get:isp"] = 3 };
        await journal.FinishAsync(runId, RunStatus.Succeeded, 0,
            new RunTally(4, 12, 1_050, 990, 60, 990, 1, 2, calls, 123.456m), "done", CancellationToken.None);

        Assert.Equal("succeeded/0/4/12/1050/990/60/990/1/2/123.46/12/3", await database.ScalarAsync<string>(
            $"""
            SELECT concat_ws('/', status, exit_code, windows, pages, tids_listed, detail_calls, skipped_known, rows_written,
                dead_letters, quarantined, trades_per_s, api_calls->>'trades.sold.increment.get:ok', api_calls->>'trade.fullinfo.get:isp')
            FROM etl.run WHERE run_id = {runId} AND ended_at IS NOT NULL
            """));
    }

    [Fact]
    public async Task Finishing_a_run_that_does_not_exist_fails()
    {
        var journal = new RunJournal(database.DataSource);

        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.FinishAsync(
            -1, RunStatus.Failed, 70, new RunTally(0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, long>(), null), null, CancellationToken.None));
    }
}
