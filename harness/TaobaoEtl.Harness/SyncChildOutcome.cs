using System.Globalization;

namespace TaobaoEtl.Harness;

/// <summary>How a child ended: its exit code (null = the harness killed it), its marker lines, the triggers that fired, its last log lines, its stdout.</summary>
public sealed record SyncChildOutcome(string Command, int? ExitCode, int Commits, IReadOnlyList<int> FiredTriggers, IReadOnlyList<string> Tail, string Output)
{
    public bool Killed => ExitCode is null;

    /// <summary>Killed, or stopped by a condition the product documents as "the next run resumes": a ban or quota (75), an outage (69).</summary>
    public bool Resumable => ExitCode is null or (int)TaobaoEtl.ExitCode.TemporaryFailure or (int)TaobaoEtl.ExitCode.Unavailable;

    public override string ToString() =>
        $"taobao-etl {Command}: {(Killed ? "killed" : "exit " + ExitCode!.Value.ToString(CultureInfo.InvariantCulture))}\n{string.Join('\n', Tail)}";
}
