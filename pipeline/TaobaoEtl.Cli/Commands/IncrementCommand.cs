using System.CommandLine;

namespace TaobaoEtl.Cli.Commands;

/// <summary><c>taobao-etl increment</c>: one incremental pass of every configured shop.</summary>
internal static class IncrementCommand
{
    public static Command Create(TextWriter output, TextWriter error) =>
        SyncRunCommand.Create("increment",
            "One incremental pass: the trades modified in [watermark - look-back, platform now), in slices of Sync:SliceLength, " +
            "listed back to front; the watermark moves over the slices fully committed. Run it every few minutes.",
            output, error, (run, shops, cancellationToken) => run.IncrementAsync(shops, cancellationToken));
}
