using NodaTime;

namespace TaobaoEtl.Paging;

/// <summary>What a plan has listed: every (tid, modified) it returned and every distinct tid.</summary>
internal sealed class ListedSet
{
    private readonly HashSet<ListedTrade> _versions = [];
    private readonly HashSet<long> _tids = [];

    public int Tids => _tids.Count;

    public bool HasSeen(long tid) => _tids.Contains(tid);

    public bool HasListed(ListedTrade trade) => _versions.Contains(trade);

    /// <summary>Adds the page and returns its trades not returned before, in page order.</summary>
    public IReadOnlyList<ListedTrade> Add(IReadOnlyList<ListedTrade> trades)
    {
        var fresh = new List<ListedTrade>(trades.Count);
        foreach (var trade in trades)
        {
            _tids.Add(trade.Tid);
            if (_versions.Add(trade)) fresh.Add(trade);
        }

        return fresh;
    }
}
