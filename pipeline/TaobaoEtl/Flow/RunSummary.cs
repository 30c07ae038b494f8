using System.Globalization;
using System.Runtime.ExceptionServices;
using NodaTime;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>What a run did and how it ended, for its <c>etl.run</c> row and the printed summary.</summary>
public sealed record RunSummary
{
    public required string Command { get; init; }
    public required long RunId { get; init; }
    public required RunStatus Status { get; init; }
    public required ExitCode ExitCode { get; init; }
    public required int WindowsPlanned { get; init; }
    public required long WindowsDone { get; init; }
    public required long WindowsFailed { get; init; }
    public required long Pages { get; init; }
    public required long TidsListed { get; init; }
    public required long DetailCalls { get; init; }
    public required long SkippedKnown { get; init; }
    public required long DeadLetters { get; init; }
    public required long Quarantined { get; init; }
    public required SinkCounts Sink { get; init; }
    /// <summary>Transactions the sink committed (one per batch, whatever its rows); zero when nothing was written.</summary>
    public long SinkTransactions { get; init; }
    /// <summary>API calls of this run by <c>method:outcome</c>.</summary>
    public required IReadOnlyDictionary<string, long> ApiCalls { get; init; }
    public required Duration Duration { get; init; }
    /// <summary>Busy time of each pipeline stage, summed over its workers; empty when the run never reached the pipeline.</summary>
    public IReadOnlyList<StageBusyTime> StageBusy { get; init; } = [];
    /// <summary>
    /// Shops this run stopped alone (lock held by another run, watermark behind the horizon, session refused),
    /// each with a line naming it; the other shops finished. Their reasons decide the exit code of a run without <see cref="Error"/>.
    /// </summary>
    public IReadOnlyList<ShopStop> ShopStops { get; init; } = [];
    /// <summary>Owed trades of the run's shops after it: open, opened by it, resolved by it, and the first open ones.</summary>
    public OwedTally Owed { get; init; } = OwedTally.None;
    /// <summary>Why a run that went through still exits non-zero (trades owed, windows failed); null otherwise.</summary>
    public string? ExitReason { get; init; }
    /// <summary>Why the run stopped; null when it succeeded. Its message is secret-free.</summary>
    public Exception? Error { get; init; }

    /// <summary>Trades that went through the sink (written or found already current) per second of run.</summary>
    public decimal? TradesPerSecond => Duration <= Duration.Zero
        ? null
        : Math.Round((Sink.TradesInserted + Sink.TradesUpdated + Sink.TradesUnchanged + Sink.TradesSuperseded) / (decimal)Duration.TotalSeconds, 1);

    public RunTally ToTally() => new(
        WindowsPlanned, (int)Math.Min(int.MaxValue, Pages), TidsListed, DetailCalls, SkippedKnown, Sink.RowsWritten,
        (int)Math.Min(int.MaxValue, DeadLetters), (int)Math.Min(int.MaxValue, Quarantined), ApiCalls, TradesPerSecond);

    /// <summary>Rethrows what stopped the run (with its original stack), so a caller maps it to an exit code.</summary>
    public void ThrowIfFailed()
    {
        if (Error is { } error) ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>The difference of two client counter snapshots, keyed <c>method:outcome</c>.</summary>
    public static IReadOnlyDictionary<string, long> CallsBetween(TopCallSnapshot before, TopCallSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var calls = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in after.Calls)
        {
            var delta = count - before.Calls.GetValueOrDefault(key);
            if (delta <= 0) continue;
            var method = key.Method.StartsWith("taobao.", StringComparison.Ordinal) ? key.Method["taobao.".Length..] : key.Method;
            calls[string.Create(CultureInfo.InvariantCulture, $"{method}:{key.Outcome.ToString().ToLowerInvariant()}")] = delta;
        }

        return calls;
    }
}
