using TaobaoEtl.Streams;
using System.Globalization;
using TaobaoEtl.IntegrationTests.Flow;
using TaobaoEtl.IntegrationTests.Infrastructure;
using NodaTime;
using TaobaoEtl.Harness;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.IntegrationTests.Commands;

/// <summary>
/// SIGTERM (a scheduler's stop, systemd, <c>kill</c>) stops a sync the way a ban does: committed work kept, summary printed,
/// the <c>etl.run</c> row closed as stopped, exit 75, and the next run resumes to the truth.
/// </summary>
public sealed class SignalTests
{
    private const int BackfillDays = 4;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Sigterm_during_a_backfill_closes_the_run_as_stopped_exits_75_and_the_next_run_resumes_to_the_truth()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var faults = FaultOptions.Clean();
        // Slow answers keep the run busy for seconds after its first commit, so the signal lands mid-run.
        faults.SlowResponseRate = 0.05;
        faults.SlowResponseDelay = TimeSpan.FromMilliseconds(500);
        await using var harness = await SyncHarness.StartAsync(database, seed: 31, faults, BackfillDays);
        var env = CliProcess.Environment(database.ConnectionString, harness.Sim,
            new Dictionary<string, string>
            {
                ["BackfillDays"] = BackfillDays.ToString(CultureInfo.InvariantCulture),
                ["BatchSize"] = "40",
                ["FlushAge"] = "00:00:00.050",
                ["DetailConcurrency"] = "4",
            });

        // The signal is sent when the child logs its first commit: an event of its own progress, not a timer.
        var stopped = await CliProcess.RunAndTerminateAsync(env, ["backfill"], SyncChild.CommitMarker, atMatch: 1, RunTimeout);

        Assert.True(stopped.ExitCode == 75, stopped.ToString());
        Assert.Contains("backfill (run ", stopped.Output, StringComparison.Ordinal);
        Assert.Contains(") stopped in ", stopped.Output, StringComparison.Ordinal);
        Assert.Contains(stopped.Log, line => line.Contains("SIGTERM received", StringComparison.Ordinal));
        Assert.Equal(0, await database.ScalarAsync<int>("SELECT count(*) FROM etl.run WHERE status = 'running' OR ended_at IS NULL"));
        Assert.Equal(1, await database.ScalarAsync<int>(
            "SELECT count(*) FROM etl.run WHERE command = 'backfill' AND status = 'stopped' AND exit_code = 75 AND message LIKE 'cancelled%'"));
        var committed = await database.ScalarAsync<long>("SELECT count(*) FROM staging.sales_order");
        Assert.True(committed > 0, "the commit before the signal is kept");
        var daysDone = await database.ScalarAsync<int>("SELECT count(*) FROM etl.window WHERE kind = 'backfill_day' AND status = 'done'");
        Assert.True(daysDone < BackfillDays * harness.Shops.Count * StreamSpec.All.Count, $"the signal must land mid-run ({daysDone} days were done)");

        await CompleteAsync(env, "backfill");
        await harness.AdvanceAsync(Duration.FromMinutes(5));
        await CompleteAsync(env, "increment");

        Assert.Equal(BackfillDays * harness.Shops.Count * StreamSpec.All.Count, await database.ScalarAsync<int>(
            "SELECT count(*) FROM etl.window WHERE kind = 'backfill_day' AND status = 'done'"));
        var report = await harness.VerifyAsync(lookBack: Duration.Zero);
        Assert.True(report.IsClean, SyncHarness.Describe(report));
        Assert.True(report.TradesTruth > committed, SyncHarness.Describe(report));
    }

    [Fact]
    public async Task Sigterm_stops_the_simulator_cleanly_with_exit_0()
    {
        var outcome = await CliProcess.RunAndTerminateAsync(new Dictionary<string, string>(), ["sim", "--preset", "small"], "Ctrl+C to stop", atMatch: 1,
            RunTimeout);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.StartsWith("http://127.0.0.1:", outcome.Output, StringComparison.Ordinal);
    }

    private static async Task CompleteAsync(IReadOnlyDictionary<string, string> env, string command)
    {
        var outcome = await CliProcess.RunAsync(env, [command], killMarker: null, killAtMatch: 0, RunTimeout);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
    }
}
