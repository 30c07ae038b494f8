using System.CommandLine;

namespace TaobaoEtl.Cli.Commands;

/// <summary><c>taobao-etl increment</c>: one incremental pass of every configured shop.</summary>
internal static class IncrementCommand
{
    public static Command Create(TextWriter output, TextWriter error) =>
        SyncRunCommand.Create("increment",
            "One incremental pass: the trades and refunds modified in [watermark - look-back, platform now), in slices of Sync:SliceLength, " +
            "listed back to front; each stream's watermark moves over its slices fully committed. Run it every few minutes.",
            output, error, (run, shops, streams, cancellationToken) => run.IncrementAsync(shops, streams, cancellationToken));
}
