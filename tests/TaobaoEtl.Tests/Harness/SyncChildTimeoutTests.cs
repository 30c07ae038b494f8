using TaobaoEtl.Harness;

namespace TaobaoEtl.Tests.Harness;

/// <summary>
/// A chaos step's timeout bounds the child's silence, not its life: on a loaded machine a peak increment that keeps
/// committing may take longer than the timeout, and killing it then fails a run that loses nothing.
/// The margins are wide (seconds) because a 2-core machine running the suite stalls a child for a second at times.
/// </summary>
public sealed class SyncChildTimeoutTests
{
    private static readonly SyncChildLaunch Shell = new("/bin/sh", ["-c"]);
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task A_child_that_keeps_logging_past_the_timeout_is_let_finish()
    {
        // Twenty lines 0.25 s apart: 5 s of life against a 3 s timeout, never 3 s of silence.
        var outcome = await SyncChild.RunAsync(Shell, NoEnvironment,
            ["i=0; while [ $i -lt 20 ]; do i=$((i+1)); echo \"Sink committed $i\" >&2; sleep 0.25; done"],
            SyncChild.CommitMarker, [], TimeSpan.FromSeconds(3), CancellationToken.None);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(20, outcome.Commits);
    }

    [Fact]
    public async Task A_child_that_falls_silent_for_the_timeout_is_killed_and_named_hung()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => SyncChild.RunAsync(Shell, NoEnvironment,
            ["echo started >&2; sleep 60"], SyncChild.CommitMarker, [], TimeSpan.FromSeconds(2), CancellationToken.None));

        Assert.Contains("logged nothing for 2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_that_logs_forever_is_stopped_at_its_life_limit()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => SyncChild.RunAsync(Shell, NoEnvironment,
            ["while true; do echo busy >&2; sleep 0.1; done"], SyncChild.CommitMarker, [], TimeSpan.FromSeconds(5), CancellationToken.None,
            lifeLimit: TimeSpan.FromSeconds(2)));

        Assert.Contains("did not end within 2 s", error.Message, StringComparison.Ordinal);
    }
}
