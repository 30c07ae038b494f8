namespace TaobaoEtl.Sink;

/// <summary>
/// What a sink did, for run summaries. "Unchanged" rows were already stored at the same or a newer version
/// (a replay, or an older copy arriving late); "superseded" ones lost to a newer version in the same batch.
/// </summary>
public sealed record SinkCounts
{
    public static SinkCounts Zero { get; } = new();

    public long TradesInserted { get; init; }
    public long TradesUpdated { get; init; }
    public long TradesUnchanged { get; init; }
    public long TradesSuperseded { get; init; }
    public long LinesWritten { get; init; }
    public long RefundsInserted { get; init; }
    public long RefundsUpdated { get; init; }
    public long RefundsUnchanged { get; init; }
    public long RefundsSuperseded { get; init; }
    /// <summary>Rejections given to the sink (a replayed rejection is stored once).</summary>
    public long Quarantined { get; init; }
    public long DeadLetters { get; init; }
    public long Checkpoints { get; init; }

    /// <summary>Order and refund rows that changed (inserted or updated).</summary>
    public long RowsWritten => TradesInserted + TradesUpdated + RefundsInserted + RefundsUpdated;

    public static SinkCounts operator +(SinkCounts a, SinkCounts b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new SinkCounts
        {
            TradesInserted = a.TradesInserted + b.TradesInserted,
            TradesUpdated = a.TradesUpdated + b.TradesUpdated,
            TradesUnchanged = a.TradesUnchanged + b.TradesUnchanged,
            TradesSuperseded = a.TradesSuperseded + b.TradesSuperseded,
            LinesWritten = a.LinesWritten + b.LinesWritten,
            RefundsInserted = a.RefundsInserted + b.RefundsInserted,
            RefundsUpdated = a.RefundsUpdated + b.RefundsUpdated,
            RefundsUnchanged = a.RefundsUnchanged + b.RefundsUnchanged,
            RefundsSuperseded = a.RefundsSuperseded + b.RefundsSuperseded,
            Quarantined = a.Quarantined + b.Quarantined,
            DeadLetters = a.DeadLetters + b.DeadLetters,
            Checkpoints = a.Checkpoints + b.Checkpoints,
        };
    }

    public static SinkCounts Add(SinkCounts a, SinkCounts b) => a + b;
}
