using TaobaoEtl.Streams;
using System.Globalization;
using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;

using Xunit.Abstractions;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// Crash safety: the CLI is SIGKILLed at seeded points of a backfill and of increments (after the n-th commit,
/// or before any), restarted, and in the end staging equals TopSim's truth, as after an uninterrupted run.
/// </summary>
public sealed class KillAndResumeTests(ITestOutputHelper output)
{
    private const int BackfillDays = 4;
    private const string CommitLine = "Sink committed";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(101)]
    [InlineData(202)]
    public async Task A_run_killed_at_random_points_of_backfill_and_increment_resumes_to_the_truth(int seed)
    {
        var random = new Random(seed);
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var faults = FaultOptions.Clean();
        faults.SameSecondChangeRate = 0.1;
        await using var harness = await SyncHarness.StartAsync(database, seed, faults, BackfillDays);
        var env = CliProcess.Environment(database.ConnectionString, harness.Sim,
            new Dictionary<string, string>
            {
                ["BackfillDays"] = BackfillDays.ToString(CultureInfo.InvariantCulture),
                // Small batches: many commits, so the kills land between them and inside them.
                ["BatchSize"] = "40",
                ["FlushAge"] = "00:00:00.050",
                ["DetailConcurrency"] = "8",
            });

        var kills = 0;
        // Backfill: killed three times at seeded commits (the first kill point may come before any commit).
        for (var k = 0; k < 3; k++)
        {
            var outcome = await CliProcess.RunAsync(env, ["backfill"], CommitLine, random.Next(1, 8), RunTimeout);
            Assert.True(outcome.Killed || outcome.ExitCode == 0, outcome.ToString());
            if (outcome.Killed) kills++;
        }

        await CompleteAsync(env, "backfill");
        // Every day of both streams (trades by created, refunds by modified).
        Assert.Equal(BackfillDays * harness.Shops.Count * StreamSpec.All.Count, await database.ScalarAsync<int>(
            "SELECT count(*) FROM etl.window WHERE kind = 'backfill_day' AND status = 'done'"));

        for (var pass = 0; pass < 3; pass++)
        {
            await harness.AdvanceAsync(Duration.FromMinutes(7));
            var outcome = await CliProcess.RunAsync(env, ["increment"], CommitLine, random.Next(1, 4), RunTimeout);
            Assert.True(outcome.Killed || outcome.ExitCode == 0, outcome.ToString());
            if (outcome.Killed) kills++;
            await CompleteAsync(env, "increment");
        }

        output.WriteLine($"{kills} runs killed");
        Assert.True(kills >= 3, $"only {kills} runs were killed");
        var report = await harness.VerifyAsync(lookBack: Duration.Zero);
        output.WriteLine(SyncHarness.Describe(report));
        Assert.True(report.IsClean, SyncHarness.Describe(report));
        Assert.True(report.TradesTruth > 300, SyncHarness.Describe(report));
        Assert.Equal(0, report.Pending);
    }

    private static async Task CompleteAsync(IReadOnlyDictionary<string, string> env, string command)
    {
        var outcome = await CliProcess.RunAsync(env, [command], killMarker: null, killAtMatch: 0, RunTimeout);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("succeeded", outcome.Output, StringComparison.Ordinal);
    }
}
