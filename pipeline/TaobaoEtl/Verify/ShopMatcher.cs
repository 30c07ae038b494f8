using System.Globalization;

namespace TaobaoEtl.Verify;

/// <summary>
/// Finds the verified shop of a truth trade. The truth names a shop by the platform's id and seller nick; an
/// <c>etl.shop</c> id is the operator's own name, so the nick is the link. A shop stored without a nick is
/// matched by an id equal to the platform's.
/// </summary>
internal sealed class ShopMatcher
{
    private readonly Dictionary<string, ShopCheck> _byNick = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShopCheck> _byIdWithoutNick = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ShopCheck?> _resolved = [];

    public ShopMatcher(IEnumerable<ShopCheck> checks)
    {
        foreach (var check in checks)
        {
            if (check.Scope.SellerNick is { } nick)
            {
                if (!_byNick.TryAdd(nick, check))
                    throw new VerifyScopeException($"etl.shop has two shops with seller nick '{nick}' ({_byNick[nick].Scope.ShopId}, {check.Scope.ShopId}); the truth cannot be split between them.");
            }
            else
            {
                _byIdWithoutNick[check.Scope.ShopId] = check;
            }
        }
    }

    /// <summary>Platform shops met in the truth that no verified shop matched: (platform id, nick).</summary>
    public IEnumerable<(long ShopId, string? SellerNick)> Unmatched => _unmatched;

    private readonly List<(long, string?)> _unmatched = [];

    /// <summary>The verified shop of the trade, or null when its shop is not verified.</summary>
    public ShopCheck? Match(TruthLine trade)
    {
        if (_resolved.TryGetValue(trade.ShopId, out var known)) return known;
        ShopCheck? match = null;
        if (trade.SellerNick is { } nick && _byNick.TryGetValue(nick, out var byNick)) match = byNick;
        else if (_byIdWithoutNick.TryGetValue(trade.ShopId.ToString(CultureInfo.InvariantCulture), out var byId)) match = byId;
        if (match is not null) match.InTruth = true;
        else _unmatched.Add((trade.ShopId, trade.SellerNick));
        _resolved[trade.ShopId] = match;
        return match;
    }
}
