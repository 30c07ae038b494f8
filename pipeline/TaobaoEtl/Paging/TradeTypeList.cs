namespace TaobaoEtl.Paging;

/// <summary>Guards the <c>type</c> list a plan is given: an empty list would mean the platform's few defaults.</summary>
internal static class TradeTypeList
{
    public static IReadOnlyList<string> Require(IReadOnlyList<string> tradeTypes)
    {
        ArgumentNullException.ThrowIfNull(tradeTypes);
        if (tradeTypes.Count == 0 || tradeTypes.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("Every trade type must be passed explicitly; the list is empty or has a blank entry.", nameof(tradeTypes));
        return tradeTypes.ToArray();
    }
}
