using NodaTime;
using TaobaoEtl.Paging;

namespace TaobaoEtl.Tests.Paging;

/// <summary>
/// The platform's list as the seed describes it, for table tests without HTTP: trades in the window,
/// ordered by modified descending (tid descending to break ties), cut into pages at the moment of each
/// call, counted only when <c>use_has_next=false</c>. <see cref="BetweenCalls"/> changes the truth between
/// two calls, as the platform does while a client pages.
/// </summary>
internal sealed class FakeTradeList
{
    private readonly Dictionary<long, Instant> _modified = [];

    public List<TidPageRequest> Requests { get; } = [];

    /// <summary>Runs after every answered call with the number of calls answered so far.</summary>
    public Action<int>? BetweenCalls { get; set; }

    public void Put(long tid, Instant modified) => _modified[tid] = modified;

    public IReadOnlyList<long> TidsIn(Interval range) =>
        _modified.Where(pair => range.Contains(pair.Value)).Select(pair => pair.Key).ToList();

    public TidPage Answer(TidPageRequest request)
    {
        Requests.Add(request);
        var ordered = _modified
            .Where(pair => request.Window.Range.Contains(pair.Value))
            .OrderByDescending(pair => pair.Value).ThenByDescending(pair => pair.Key)
            .Select(pair => new ListedTrade(pair.Key, pair.Value))
            .ToList();
        var skip = (request.PageNo - 1) * request.PageSize;
        var page = ordered.Skip(skip).Take(request.PageSize).ToList();
        var answer = new TidPage(page, HasNext: ordered.Count > skip + page.Count, TotalResults: request.UseHasNext ? null : ordered.Count);
        BetweenCalls?.Invoke(Requests.Count);
        return answer;
    }

    /// <summary>Drives a plan the way the I/O loop will, returning every trade it passed on.</summary>
    public List<ListedTrade> Drive(ITidPagePlan plan, int maxCalls = 10_000)
    {
        var passedOn = new List<ListedTrade>();
        while (plan.Next is { } request)
        {
            if (Requests.Count >= maxCalls) throw new InvalidOperationException("The plan does not end.");
            passedOn.AddRange(plan.Accept(Answer(request)));
        }

        return passedOn;
    }
}
