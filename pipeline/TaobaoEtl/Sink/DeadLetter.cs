using NodaTime;

namespace TaobaoEtl.Sink;

/// <summary>What a dead letter names: a trade, a refund or a whole list window (<c>etl.dead_letter.kind</c>).</summary>
public enum DeadLetterKind
{
    Trade,
    Refund,
    Window,
}

/// <summary>
/// A caller error (<c>isv.*</c>) that is not retried automatically: the tid, refund or window waits in
/// <c>etl.dead_letter</c> for <c>refetch</c>. <see cref="SeenAt"/> is when the platform answered; a repeat
/// with a later <see cref="SeenAt"/> counts one more attempt, a replay of the same one changes nothing.
/// </summary>
public sealed record DeadLetter
{
    private DeadLetter(string shopId, DeadLetterKind kind, string method, Instant seenAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ShopId = shopId;
        Kind = kind;
        Method = method;
        SeenAt = seenAt;
    }

    public string ShopId { get; }
    public DeadLetterKind Kind { get; }
    public long? Tid { get; private init; }
    public long? RefundId { get; private init; }
    public Instant? WindowStart { get; private init; }
    public Instant? WindowEnd { get; private init; }
    /// <summary>The TOP method that answered with the error, e.g. <c>taobao.trade.fullinfo.get</c>.</summary>
    public string Method { get; }
    public int? Code { get; init; }
    public string? SubCode { get; init; }
    public string? SubMsg { get; init; }
    public string? RequestId { get; init; }
    public Instant SeenAt { get; }

    public static DeadLetter ForTrade(string shopId, long tid, string method, Instant seenAt) =>
        new(shopId, DeadLetterKind.Trade, method, seenAt) { Tid = tid };

    public static DeadLetter ForRefund(string shopId, long refundId, string method, Instant seenAt) =>
        new(shopId, DeadLetterKind.Refund, method, seenAt) { RefundId = refundId };

    public static DeadLetter ForWindow(string shopId, Interval window, string method, Instant seenAt) =>
        new(shopId, DeadLetterKind.Window, method, seenAt) { WindowStart = window.Start, WindowEnd = window.End };
}
