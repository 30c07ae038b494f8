using TaobaoEtl.Configuration;
using TaobaoEtl.Normalize;
using TaobaoEtl.State;

namespace TaobaoEtl.Sink;

/// <summary>
/// Everything one flush commits together: the normalized trades and refunds, the rejections and dead
/// letters met while producing them, and the checkpoints (window done, watermark moved) that vouch for
/// them. All or nothing: a checkpoint never commits without its rows, nor rows with a lost rejection.
/// </summary>
public sealed record SinkBatch
{
    public IReadOnlyList<NormalizedTrade> Trades { get; init; } = [];
    public IReadOnlyList<NormalizedRefund> Refunds { get; init; } = [];
    /// <summary>Input that could not be normalized, for <c>etl.quarantine</c>.</summary>
    public IReadOnlyList<Rejection> Quarantine { get; init; } = [];
    public IReadOnlyList<DeadLetter> DeadLetters { get; init; } = [];
    /// <summary>Failed attempts at trades, for <c>etl.owed_trade</c> (a trade stored by the batch is resolved there).</summary>
    public IReadOnlyList<OwedTrade> Owed { get; init; } = [];
    /// <summary>Applied after the rows, in the order given: give them in a stable key order (shop, stream, window).</summary>
    public IReadOnlyList<ICheckpoint> Checkpoints { get; init; } = [];
    /// <summary>The <c>etl.run</c> row written on quarantine and dead-letter rows; null outside a run.</summary>
    public long? RunId { get; init; }

    /// <summary>
    /// The batch with every configured secret masked in the texts people read (quarantine reasons, dead-letter codes
    /// and messages, owed errors). The platform echoes what it was sent and a normalizer reason quotes the input, so
    /// a session, the app secret or the database password can come back in them; the raw bodies stay as received.
    /// </summary>
    public SinkBatch MaskedBy(SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        if (redactor.Count == 0) return this;
        return this with
        {
            Quarantine = [.. Quarantine.Select(q => q with { Reason = redactor.Redact(q.Reason) })],
            DeadLetters = [.. DeadLetters.Select(d => d with
            {
                SubCode = d.SubCode is null ? null : redactor.Redact(d.SubCode),
                SubMsg = d.SubMsg is null ? null : redactor.Redact(d.SubMsg),
                RequestId = d.RequestId is null ? null : redactor.Redact(d.RequestId),
            })],
            Owed = [.. Owed.Select(o => o with { LastError = redactor.Redact(o.LastError) })],
        };
    }

    public bool IsEmpty => Trades.Count == 0 && Refunds.Count == 0 && Quarantine.Count == 0 && DeadLetters.Count == 0 && Owed.Count == 0 && Checkpoints.Count == 0;
}
