using Spectre.Console;
using TaobaoEtl.Flow;

namespace TaobaoEtl.Cli;

/// <summary>
/// A live progress bar of a run when stdout is a terminal; otherwise the run just runs (the log lines on
/// stderr tell its story, and stdout stays clean for the summary).
/// </summary>
internal static class RunProgressDisplay
{
    public static async Task<RunSummary> RunAsync(CliSession session, SyncRun run, string title, Func<Task<RunSummary>> body)
    {
        var output = session.Output is RedactingTextWriter redacting ? redacting.Inner : session.Output;
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await body();

        RunSummary? summary = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var windows = context.AddTask(title, maxValue: 1);
                var work = body();
                while (!work.IsCompleted)
                {
                    if (run.Current is { } counters)
                    {
                        windows.MaxValue = Math.Max(1, counters.WindowsPlanned);
                        windows.Value = counters.WindowsDone + counters.WindowsFailed;
                        windows.Description = $"{title}: {counters.TidsListed:N0} listed, {counters.DetailCalls:N0} fetched";
                    }

                    await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(250), session.TimeProvider));
                }

                summary = await work;
            });
        return summary!;
    }
}
