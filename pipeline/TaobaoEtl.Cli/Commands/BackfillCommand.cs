using System.CommandLine;

namespace TaobaoEtl.Cli.Commands;

/// <summary><c>taobao-etl backfill</c>: the 3-month backfill of every configured shop, resumable by day.</summary>
internal static class BackfillCommand
{
    public static Command Create(TextWriter output, TextWriter error) =>
        SyncRunCommand.Create("backfill",
            "Backfill the trades created (and the refunds changed) before today 00:00 platform time back to the platform's horizon " +
            "(today minus 3 calendar months), at most Sync:BackfillDays days (default 92: the whole horizon), " +
            "one window per day and stream; days already done are skipped, so a stopped run resumes. Sets each stream's increment watermark to today 00:00.",
            output, error, (run, shops, streams, cancellationToken) => run.BackfillAsync(shops, streams, cancellationToken));
}
