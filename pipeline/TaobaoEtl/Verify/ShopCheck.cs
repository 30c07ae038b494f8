namespace TaobaoEtl.Verify;

/// <summary>One verified shop while the truth streams: its scope, its staged trades and refunds, and whether the truth named it.</summary>
internal sealed class ShopCheck(ShopScope scope, Dictionary<long, StagedTrade> trades, Dictionary<long, StagedRefund> refunds)
{
    public ShopScope Scope { get; } = scope;
    public Dictionary<long, StagedTrade> Trades { get; } = trades;
    public Dictionary<long, StagedRefund> Refunds { get; } = refunds;
    public bool InTruth { get; set; }
    /// <summary>The shop's open owed trades: absent from staging they are missing, never pending (issue 15: shown, never hidden).</summary>
    public HashSet<long> Owed { get; init; } = [];
}
