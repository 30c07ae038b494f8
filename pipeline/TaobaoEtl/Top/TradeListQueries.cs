using NodaTime;

namespace TaobaoEtl.Top;

/// <summary><c>taobao.trades.sold.get</c> for trades created in [<see cref="StartCreated"/>, <see cref="EndCreated"/>].</summary>
public sealed record SoldTradesQuery(Instant StartCreated, Instant EndCreated)
{
    public int PageNo { get; init; } = 1;
    public int PageSize { get; init; } = 100;
    public bool UseHasNext { get; init; } = true;
    public string Fields { get; init; } = TradeFields.TidAndModified;
    /// <summary>Trade types; every type by default, because the platform's default leaves most out.</summary>
    public IReadOnlyList<string> Types { get; init; } = TradeTypes.All;
    public string? Status { get; init; }
}

/// <summary><c>taobao.trades.sold.increment.get</c> for trades modified in [<see cref="StartModified"/>, <see cref="EndModified"/>] (≤ 1 day).</summary>
public sealed record IncrementTradesQuery(Instant StartModified, Instant EndModified)
{
    public int PageNo { get; init; } = 1;
    public int PageSize { get; init; } = 100;
    public bool UseHasNext { get; init; }
    public string Fields { get; init; } = TradeFields.TidAndModified;
    public IReadOnlyList<string> Types { get; init; } = TradeTypes.All;
    public string? Status { get; init; }
}

/// <summary><c>taobao.refunds.receive.get</c> for refunds modified in the window.</summary>
public sealed record RefundsReceivedQuery(Instant StartModified, Instant EndModified)
{
    public int PageNo { get; init; } = 1;
    public int PageSize { get; init; } = 100;
    public bool UseHasNext { get; init; } = true;
    public string Fields { get; init; } = TradeFields.Refund;
    /// <summary>Trade types; every type by default (the method's default is only guarantee_trade, auto_delivery).</summary>
    public IReadOnlyList<string> Types { get; init; } = TradeTypes.All;
    public string? Status { get; init; }
}
