using NodaTime;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Streams;

/// <summary>
/// A stream of the sync as a value: how its ids are listed, its detail call, its normalizer and what it writes. Trades and
/// refunds are the two values (<see cref="Trades"/>, <see cref="Refunds"/>); the pipeline, the pager, the known filter and
/// the run take one as a parameter instead of knowing trades. What both share is not here: the page plans' rules (by
/// <see cref="TradeWindow.Stream"/>), the known-current rule (<see cref="Fetch.KnownFilterRule"/>, on the stream's stored
/// versions) and the version rule of the sink.
/// </summary>
public abstract class StreamSpec
{
    private protected StreamSpec(SyncStream stream, string name, string idName, string detailMethod)
    {
        Stream = stream;
        Name = name;
        IdName = idName;
        DetailMethod = detailMethod;
    }

    public static StreamSpec Trades { get; } = new TradeStream();

    public static StreamSpec Refunds { get; } = new RefundStream();

    /// <summary>Both streams, in the order a run takes them.</summary>
    public static IReadOnlyList<StreamSpec> All { get; } = [Trades, Refunds];

    public static StreamSpec Of(SyncStream stream) => stream switch
    {
        SyncStream.Trade => Trades,
        SyncStream.Refund => Refunds,
        _ => throw new ArgumentOutOfRangeException(nameof(stream), stream, "Unknown stream."),
    };

    public SyncStream Stream { get; }

    /// <summary>The stream's name in logs, messages and the CLI (<c>trades</c>, <c>refunds</c>).</summary>
    public string Name { get; }

    /// <summary>The platform's name of the stream's id (<c>tid</c>, <c>refund_id</c>).</summary>
    public string IdName { get; }

    /// <summary>The detail call, one per id.</summary>
    public string DetailMethod { get; }

    /// <summary>The list calls a page plan of this stream asks for.</summary>
    internal abstract ITidLister Lister(TopClient client);

    /// <summary>The detail call for one id, through the client's rate gate and retries; it throws what the client throws.</summary>
    internal abstract Task<DetailBody> FetchAsync(TopClient client, TopSession session, long id, CancellationToken cancellationToken);

    /// <summary>The body as the stream's staging rows, or a rejection naming <paramref name="askedId"/>.</summary>
    internal abstract NormalizedItem Normalize(DetailBody body, string shopId, Instant fetchedAt, long askedId);

    /// <summary>A refused detail call of one id as its dead letter.</summary>
    internal abstract DeadLetter DeadLetterFor(string shopId, long id, string method, Instant seenAt);

    /// <summary>The quarantine source of the stream's bodies.</summary>
    internal abstract string RejectionSource { get; }

    public override string ToString() => Name;

    private sealed class TradeStream() : StreamSpec(SyncStream.Trade, "trades", "tid", "taobao.trade.fullinfo.get")
    {
        internal override ITidLister Lister(TopClient client) => new TradeLister(client);

        internal override async Task<DetailBody> FetchAsync(TopClient client, TopSession session, long id, CancellationToken cancellationToken)
        {
            var trade = await client.GetFullInfoAsync(session, id, cancellationToken);
            return new DetailBody(id, trade.TradeJson, trade.Answer);
        }

        internal override NormalizedItem Normalize(DetailBody body, string shopId, Instant fetchedAt, long askedId)
        {
            var result = TradeNormalizer.Normalize(body.Json.Span, shopId, fetchedAt, askedId);
            return result.IsAccepted ? new NormalizedItem(result.AcceptedValue, null, null) : new NormalizedItem(null, null, result.Rejection);
        }

        internal override DeadLetter DeadLetterFor(string shopId, long id, string method, Instant seenAt) => DeadLetter.ForTrade(shopId, id, method, seenAt);

        internal override string RejectionSource => Rejection.TradeSource;
    }

    private sealed class RefundStream() : StreamSpec(SyncStream.Refund, "refunds", "refund_id", "taobao.refund.get")
    {
        internal override ITidLister Lister(TopClient client) => new RefundLister(client);

        internal override async Task<DetailBody> FetchAsync(TopClient client, TopSession session, long id, CancellationToken cancellationToken)
        {
            var refund = await client.GetRefundAsync(session, id, TradeFields.Refund, cancellationToken);
            return new DetailBody(id, refund.RefundJson, refund.Answer);
        }

        internal override NormalizedItem Normalize(DetailBody body, string shopId, Instant fetchedAt, long askedId)
        {
            var result = RefundNormalizer.Normalize(body.Json.Span, shopId, fetchedAt);
            return result.IsAccepted ? new NormalizedItem(null, result.AcceptedValue, null) : new NormalizedItem(null, null, result.Rejection);
        }

        internal override DeadLetter DeadLetterFor(string shopId, long id, string method, Instant seenAt) => DeadLetter.ForRefund(shopId, id, method, seenAt);

        internal override string RejectionSource => Rejection.RefundSource;
    }
}
