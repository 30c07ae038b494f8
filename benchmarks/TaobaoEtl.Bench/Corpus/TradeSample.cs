using NodaTime;
using TaobaoEtl.Normalize;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.Bench.Corpus;

/// <summary>
/// Distinct trades recorded from a TopSim world, spread over its shops and over weeks of history (so types,
/// statuses, line counts, refunds and CJK text vary as the simulator draws them), plus one full list page.
/// </summary>
public sealed class TradeSample
{
    private const int Readers = 8;

    private TradeSample(IReadOnlyList<SampleTrade> trades, byte[] listPage)
    {
        Trades = trades;
        ListPage = listPage;
    }

    public IReadOnlyList<SampleTrade> Trades { get; }

    /// <summary>A <c>trades_sold_get_response</c> envelope with 100 trades.</summary>
    public byte[] ListPage { get; }

    public static async Task<TradeSample> RecordAsync(TopSimHost sim, IClock wallClock, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 100);
        using var recorder = new SimRecorder(sim, wallClock);
        var perShop = (count + sim.Shops.Count - 1) / sim.Shops.Count;
        var end = sim.Now - Duration.FromDays(1);
        var start = end - Duration.FromDays(60);
        var wanted = new List<(string ShopId, string Session, long Tid)>(count);
        byte[]? fullPage = null;
        foreach (var shop in sim.Shops)
        {
            var listed = 0;
            for (var page = 1; listed < perShop; page++)
            {
                var answer = await recorder.SoldPageAsync(shop.Session, start, end, page, cancellationToken);
                var (tids, hasNext) = SimRecorder.ReadSoldPage(answer.Envelope);
                if (tids.Count == 100) fullPage ??= answer.Envelope;
                foreach (var tid in tids.Take(perShop - listed))
                    wanted.Add((shop.ShopId.ToString(System.Globalization.CultureInfo.InvariantCulture), shop.Session, tid));
                listed += tids.Count;
                if (!hasNext) break;
            }
        }

        if (fullPage is null) throw new InvalidOperationException("The simulated world has no full list page to record.");
        var trades = new SampleTrade?[Math.Min(count, wanted.Count)];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Readers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < trades.Length; i = Interlocked.Increment(ref next))
            {
                var (shopId, session, tid) = wanted[i];
                var answer = await recorder.FullInfoAsync(session, tid, cancellationToken);
                if (!TradeEnvelope.TryExtract(answer.Envelope, out var trade, out var error))
                    throw new InvalidOperationException($"TopSim's fullinfo answer for tid {tid} holds no trade: {error}");
                trades[i] = new SampleTrade(shopId, tid, trade.ToArray(), answer.Envelope, answer.AnsweredAt);
            }
        }));
        return new TradeSample([.. trades.Select(t => t!)], fullPage);
    }
}
