using System.Globalization;
using TaobaoEtl.State;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// How a run ended and the exit code a scheduler acts on. A run that stopped keeps its error's code. A run that went
/// through but left work owed — trades in <c>etl.owed_trade</c>, or windows that failed — exits 65
/// (<see cref="ExitCode.DataError"/>): its orders are not all in staging yet, and a job that says 0 would hide it.
/// Its watermark still moved (one poison trade never stalls a shop); <see cref="Why"/> says what is owed.
/// </summary>
public sealed record RunOutcome(RunStatus Status, ExitCode ExitCode, string? Why)
{
    /// <param name="backfillDaysOwed">
    /// Backfill days of the run's shops that an earlier backfill left failed or unfinished (stopped by the quota, a
    /// signal, a kill), still inside the platform's horizon and not being listed now: only <c>backfill</c> lists them
    /// again, so every other run says so too, or an hourly increment would exit 0 for days while a day of orders is missing.
    /// </param>
    public static RunOutcome Decide(Exception? error, long windowsFailed, long owedOpen, long backfillDaysOwed = 0, long owedRefunds = 0)
    {
        switch (error)
        {
            case TopException top:
                var code = top.ToExitCode();
                return new(code == ExitCode.Software ? RunStatus.Failed : RunStatus.Stopped, code, null);
            case OperationCanceledException:
                return new(RunStatus.Stopped, ExitCode.TemporaryFailure, null);
            case not null:
                return new(RunStatus.Failed, ExitCode.Software, null);
        }

        var reasons = new List<string>(2);
        if (owedOpen > 0)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{owedOpen:N0} trade{(owedOpen == 1 ? "" : "s")} owed (not in staging yet; later runs retry them, `status` lists them)"));
        if (owedRefunds > 0)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{owedRefunds:N0} refund{(owedRefunds == 1 ? "" : "s")} owed (not in staging yet; later runs retry them, `status` lists them)"));
        if (windowsFailed > 0)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{windowsFailed:N0} window{(windowsFailed == 1 ? "" : "s")} failed"));
        if (backfillDaysOwed > 0)
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"{backfillDaysOwed:N0} backfill day{(backfillDaysOwed == 1 ? "" : "s")} failed or left unfinished by an earlier backfill (run backfill; `status` lists them)"));
        return reasons.Count == 0
            ? new(RunStatus.Succeeded, ExitCode.Ok, null)
            : new(RunStatus.Succeeded, ExitCode.DataError, string.Join("; ", reasons));
    }
}
