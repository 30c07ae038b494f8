using TaobaoEtl.Normalize;

namespace TaobaoEtl.Bench.Corpus;

/// <summary>
/// Any number of distinct normalized trades, made on demand from a <see cref="TradeSample"/>: trade <c>n</c> is
/// recorded trade <c>n mod size</c> minted with its own tid and normalized as the pipeline would. Made in
/// ranges, so a million trades never sit in memory at once.
/// </summary>
public sealed class TradeCorpus(TradeSample sample)
{
    private readonly TradeSample _sample = sample ?? throw new ArgumentNullException(nameof(sample));

    public IReadOnlyList<NormalizedTrade> Range(long from, int count)
    {
        var trades = new NormalizedTrade[count];
        for (var i = 0; i < count; i++)
        {
            var n = from + i;
            var recorded = _sample.Trades[(int)(n % _sample.Trades.Count)];
            var minted = TradeMint.Mint(recorded.TradeJson, recorded.Tid, n);
            var result = TradeNormalizer.Normalize(minted, recorded.ShopId, recorded.AnsweredAt);
            trades[i] = result.IsAccepted
                ? result.AcceptedValue
                : throw new InvalidOperationException($"Recorded trade {recorded.Tid} does not normalize: {result.Rejection.Reason}");
        }

        return trades;
    }
}
