using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>A shop a run syncs: our id for it, its seller nick and its authorization (a secret, printed as ***).</summary>
public sealed record SyncShop(string ShopId, string SellerNick, TopSession Session)
{
    public override string ToString() => $"{ShopId} ({SellerNick})";
}
