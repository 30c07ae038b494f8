using NodaTime;
using TaobaoEtl.Top.Methods;
using TaobaoEtl.Top.Wire;

namespace TaobaoEtl.Top;

/// <summary>One page of a list method: the window and the paging parameters every list method shares.</summary>
public abstract record TopListQuery
{
    private protected TopListQuery(bool useHasNext, string fields)
    {
        UseHasNext = useHasNext;
        Fields = fields;
    }

    public int PageNo { get; init; } = 1;
    public int PageSize { get; init; } = 100;
    public bool UseHasNext { get; init; }
    public string Fields { get; init; }
    /// <summary>Trade types; every type by default, because the platform's default leaves most out.</summary>
    public IReadOnlyList<string> Types { get; init; } = TradeTypes.All;
    public string? Status { get; init; }

    internal abstract Instant WindowStart { get; }
    internal abstract Instant WindowEnd { get; }
}

/// <summary>One page of a trade list: which method it is decides how the window is read (created or modified).</summary>
public abstract record TradeListQuery : TopListQuery
{
    private protected TradeListQuery(bool useHasNext) : base(useHasNext, TradeFields.TidAndModified)
    {
    }

    internal abstract TopListMethod<TradesBody> Method { get; }
}

/// <summary><c>taobao.trades.sold.get</c> for trades created in [<see cref="StartCreated"/>, <see cref="EndCreated"/>].</summary>
public sealed record SoldTradesQuery(Instant StartCreated, Instant EndCreated) : TradeListQuery(useHasNext: true)
{
    internal override Instant WindowStart => StartCreated;
    internal override Instant WindowEnd => EndCreated;
    internal override TopListMethod<TradesBody> Method => TopMethods.TradesSold;
}

/// <summary><c>taobao.trades.sold.increment.get</c> for trades modified in [<see cref="StartModified"/>, <see cref="EndModified"/>] (≤ 1 day).</summary>
public sealed record IncrementTradesQuery(Instant StartModified, Instant EndModified) : TradeListQuery(useHasNext: false)
{
    internal override Instant WindowStart => StartModified;
    internal override Instant WindowEnd => EndModified;
    internal override TopListMethod<TradesBody> Method => TopMethods.TradesSoldIncrement;
}

/// <summary>
/// <c>taobao.refunds.receive.get</c> for refunds modified in the window. Its <c>type</c> takes the trade types: top-api.md
/// §3 gives one list of <c>type</c> values for the list methods and says that <c>refunds.receive.get</c> defaults to
/// <c>guarantee_trade, auto_delivery</c> only, so <see cref="TopListQuery.Types"/> stays <see cref="TradeTypes.All"/>
/// (every type, explicitly). <see cref="TopListQuery.Status"/> stays empty: every refund status. The refund list has no
/// span limit of its own in top-api.md §3 (the one-day limit is <c>increment.get</c>'s). <c>fields</c> defaults to
/// <see cref="TradeFields.Refund"/>; the lister asks only <c>refund_id,modified</c>.
/// </summary>
public sealed record RefundsReceivedQuery(Instant StartModified, Instant EndModified) : TopListQuery(useHasNext: true, TradeFields.Refund)
{
    internal override Instant WindowStart => StartModified;
    internal override Instant WindowEnd => EndModified;
}
