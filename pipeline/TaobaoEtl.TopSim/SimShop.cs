namespace TaobaoEtl.TopSim;

/// <summary>One simulated seller: its id, nick and the session (authorization) a client must send.</summary>
public sealed record SimShop(long ShopId, string SellerNick, string Session)
{
    // The session is a credential, even a fake one: keep it out of accidental log lines.
    public override string ToString() => $"SimShop {{ ShopId = {ShopId}, SellerNick = {SellerNick} }}";
}
