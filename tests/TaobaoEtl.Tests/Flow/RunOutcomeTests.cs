using TaobaoEtl.Flow;
using TaobaoEtl.State;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Flow;

public sealed class RunOutcomeTests
{
    public static TheoryData<Exception?, long, long, RunStatus, ExitCode> Cases => new()
    {
        { null, 0, 0, RunStatus.Succeeded, ExitCode.Ok },
        { null, 0, 1, RunStatus.Succeeded, ExitCode.DataError },
        { null, 2, 0, RunStatus.Succeeded, ExitCode.DataError },
        { null, 2, 3, RunStatus.Succeeded, ExitCode.DataError },
        // A run that stopped keeps its error's code, owed trades or not.
        { new OperationCanceledException(), 0, 5, RunStatus.Stopped, ExitCode.TemporaryFailure },
        { new TopException(TopErrorKind.SessionInvalid, "taobao.trade.fullinfo.get", 27, null, "Invalid session", null, null), 0, 5, RunStatus.Stopped, ExitCode.NoPermission },
        { new InvalidOperationException("bug"), 0, 0, RunStatus.Failed, ExitCode.Software },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_run_that_went_through_but_left_trades_owed_or_windows_failed_exits_65(Exception? error, long windowsFailed, long owed,
        RunStatus status, ExitCode exitCode)
    {
        var outcome = RunOutcome.Decide(error, windowsFailed, owed);
        Assert.Equal(status, outcome.Status);
        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Equal(exitCode == ExitCode.DataError, outcome.Why is not null);
    }

    [Fact]
    public void A_backfill_day_an_earlier_run_left_failed_or_unfinished_makes_every_later_run_exit_65_naming_it()
    {
        var outcome = RunOutcome.Decide(null, 0, 0, backfillDaysOwed: 1);

        Assert.Equal(ExitCode.DataError, outcome.ExitCode);
        Assert.Contains("1 backfill day failed or left unfinished by an earlier backfill", outcome.Why, StringComparison.Ordinal);
        Assert.Equal(ExitCode.Ok, RunOutcome.Decide(null, 0, 0, backfillDaysOwed: 0).ExitCode);
    }

    [Fact]
    public void The_reason_names_both_counts()
    {
        var why = RunOutcome.Decide(null, 1, 2).Why!;
        Assert.Contains("2 trades owed", why, StringComparison.Ordinal);
        Assert.Contains("1 window failed", why, StringComparison.Ordinal);
    }
}
