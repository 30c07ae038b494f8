using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.Flow;
using TaobaoEtl.Sink;
using TaobaoEtl.State;

namespace TaobaoEtl.Reconcile;

/// <summary>What a reconcile (or resync) found, repaired and left owed, for its <c>etl.run</c> row, its JSON line and its exit code.</summary>
public sealed record ReconcileSummary
{
    public required string Command { get; init; }
    public required long RunId { get; init; }
    public required RunStatus Status { get; init; }
    public required ExitCode ExitCode { get; init; }

    /// <summary>Slices checked by this run (resumed ones not included).</summary>
    public int Slices { get; init; }

    /// <summary>Slices whose verdict is not ok: something differed (repaired or owed), or the listing was not proven.</summary>
    public int Differing { get; init; }
    public long Missing { get; init; }
    public long Stale { get; init; }
    public long Damaged { get; init; }
    public long Unknown { get; init; }
    public long Pending { get; init; }
    public long Repaired { get; init; }

    /// <summary>Trades and refunds fetched again (a resync's unproven copies among them).</summary>
    public long Refetched { get; init; }

    /// <summary>Trades that still differ after the repair: owed now (<c>etl.owed_trade</c>), retried by later runs.</summary>
    public IReadOnlyList<(string ShopId, long Tid)> OwedTrades { get; init; } = [];

    /// <summary>Refunds that still differ after the repair (owed refunds), found by the recent hours' refund slices.</summary>
    public IReadOnlyList<(string ShopId, long RefundId)> OwedRefunds { get; init; } = [];

    /// <summary>Refunds the platform lists that staging lacks, and refunds staged older than listed or without their raw payload.</summary>
    public long RefundsMissing { get; init; }

    public long RefundsStale { get; init; }

    public long RefundsRepaired { get; init; }

    /// <summary>Refunds the platform listed in the checked refund slices.</summary>
    public long RefundsChecked { get; init; }

    /// <summary>Slices whose listing could not be proven complete.</summary>
    public int Unlisted { get; init; }

    /// <summary>Day slices a killed reconcile had settled, skipped by this one.</summary>
    public int Resumed { get; init; }

    /// <summary>Trades the platform listed or counted in the checked trade slices (refunds: <see cref="RefundsChecked"/>).</summary>
    public long TradesChecked { get; init; }

    /// <summary>Every API call of the run (time, counts, listings and the repair's detail calls).</summary>
    public long Calls { get; init; }

    public IReadOnlyDictionary<string, long> ApiCalls { get; init; } = new Dictionary<string, long>();
    public SinkCounts Sink { get; init; } = SinkCounts.Zero;
    public long DetailCalls { get; init; }
    public long ListCalls { get; init; }
    public required Duration Duration { get; init; }
    public IReadOnlyList<ShopStop> ShopStops { get; init; } = [];
    public string? ExitReason { get; init; }
    public Exception? Error { get; init; }

    /// <summary>Trades and refunds owed after the repair.</summary>
    public long Owed => OwedTrades.Count + OwedRefunds.Count;

    public decimal? TradesCheckedPerSecond => Duration <= Duration.Zero ? null : Math.Round(TradesChecked / (decimal)Duration.TotalSeconds, 1);

    /// <summary>The one JSON line a script reads (the last line of stdout).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("slices", Slices);
            w.WriteNumber("differing", Differing);
            w.WriteNumber("missing", Missing);
            w.WriteNumber("stale", Stale);
            w.WriteNumber("repaired", Repaired);
            w.WriteNumber("owed", Owed);
            w.WriteNumber("calls", Calls);
            w.WriteNumber("damaged", Damaged);
            w.WriteNumber("refunds_missing", RefundsMissing);
            w.WriteNumber("refunds_stale", RefundsStale);
            w.WriteNumber("refunds_repaired", RefundsRepaired);
            w.WriteNumber("refunds_checked", RefundsChecked);
            w.WriteNumber("unknown", Unknown);
            w.WriteNumber("pending", Pending);
            w.WriteNumber("unlisted", Unlisted);
            w.WriteNumber("resumed", Resumed);
            w.WriteNumber("refetched", Refetched);
            w.WriteNumber("trades_checked", TradesChecked);
            w.WriteNumber("seconds", Math.Round(Duration.TotalSeconds, 2));
            w.WriteNumber("run_id", RunId);
            w.WriteNumber("exit_code", (int)ExitCode);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public RunTally ToTally() => new(Slices, (int)Math.Min(int.MaxValue, ListCalls), TradesChecked, DetailCalls, 0, Sink.RowsWritten, 0, 0, ApiCalls,
        TradesCheckedPerSecond);

    /// <summary>Rethrows what stopped the run (with its original stack), so a caller maps it to an exit code.</summary>
    public void ThrowIfFailed()
    {
        if (Error is { } error) ExceptionDispatchInfo.Throw(error);
    }
}
