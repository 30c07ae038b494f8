using TaobaoEtl.Normalize;

namespace TaobaoEtl.Streams;

/// <summary>A detail body after its stream's normalizer: a trade's rows, a refund's row, or the rejection bound for quarantine.</summary>
internal sealed record NormalizedItem(NormalizedTrade? Trade, NormalizedRefund? Refund, Rejection? Rejection);
