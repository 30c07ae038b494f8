using NodaTime;
using TaobaoEtl.Paging;

namespace TaobaoEtl.Tests.Paging;

/// <summary>
/// The platform's list as the seed describes it, for table tests without HTTP: trades in the window, ordered by
/// <c>modified</c> descending (increment) or <c>created</c> descending (<c>sold.get</c>, whose pages then name each
/// trade's created), cut into pages at the moment of each call, counted only when <c>use_has_next=false</c>. Trades of
/// the same second come in tid-descending order (tid-ascending on the calls <see cref="TiesReversedOn"/> picks), or —
/// given a <see cref="Random"/> — in a fresh order on every call, as the platform gives them (no stable order among
/// ties) on a <paramref name="shuffleRate"/> share of the calls (tid-descending on the others).
/// <see cref="BetweenCalls"/> changes the truth between two calls, as the platform does while a client pages.
/// </summary>
internal sealed class FakeTradeList(Random? tieOrder = null, bool inclusiveEnd = false, double shuffleRate = 1)
{
    private readonly Dictionary<long, Instant> _modified = [];
    private readonly Dictionary<long, Instant> _created = [];

    public List<TidPageRequest> Requests { get; } = [];

    /// <summary>Tids counted in <c>total_results</c> but never served on a page: a listing that cannot be completed.</summary>
    public HashSet<long> NeverListed { get; } = [];

    /// <summary>Runs after every answered call with the number of calls answered so far.</summary>
    public Action<int>? BetweenCalls { get; set; }

    /// <summary>Given the 1-based number of a call: true when its ties come tid-ascending instead (without a <see cref="Random"/>).</summary>
    public Func<int, bool>? TiesReversedOn { get; set; }

    /// <summary>Sets a trade's <c>modified</c>; a new trade is created in that second, an old one keeps its created.</summary>
    public void Put(long tid, Instant modified)
    {
        _modified[tid] = modified;
        _created.TryAdd(tid, modified);
    }

    /// <summary>A trade created at <paramref name="created"/> and last modified at <paramref name="modified"/> (created by default).</summary>
    public void Create(long tid, Instant created, Instant? modified = null)
    {
        _created[tid] = created;
        _modified[tid] = modified ?? created;
    }

    /// <summary>The trades of <paramref name="range"/> as (tid, modified) pairs: what a complete listing must hold.</summary>
    public IReadOnlyList<ListedTrade> PairsIn(Interval range) =>
        _modified.Where(pair => range.Contains(pair.Value)).Select(pair => new ListedTrade(pair.Key, pair.Value)).ToList();

    /// <summary>The tid at 0-based <paramref name="position"/> of the slice's order (ties by tid, descending).</summary>
    public long TidAt(Interval range, int position) =>
        _modified.Where(pair => range.Contains(pair.Value))
            .OrderByDescending(pair => pair.Value).ThenByDescending(pair => pair.Key)
            .ElementAt(position).Key;

    public Instant ModifiedOf(long tid) => _modified[tid];

    public IReadOnlyList<long> TidsIn(Interval range) =>
        _modified.Where(pair => range.Contains(pair.Value)).Select(pair => pair.Key).ToList();

    /// <summary>The tids created in <paramref name="range"/>: what a complete backfill listing must hold.</summary>
    public IReadOnlyList<long> TidsCreatedIn(Interval range) =>
        _created.Where(pair => range.Contains(pair.Value)).Select(pair => pair.Key).ToList();

    public TidPage Answer(TidPageRequest request)
    {
        Requests.Add(request);
        // The platform does not document whether the end is inclusive: a gateway that counts the end second in
        // serves [start, end + 1 s); the plan must be right under both readings.
        var served = inclusiveEnd
            ? new Interval(request.Window.Start, request.Window.End + Duration.FromSeconds(1))
            : request.Window.Range;
        var byCreated = request.Method == TidListMethod.SoldByCreated;
        var keys = byCreated ? _created : _modified;
        var counted = keys.Count(pair => served.Contains(pair.Value));
        var inWindow = keys.Where(pair => served.Contains(pair.Value) && !NeverListed.Contains(pair.Key)).OrderByDescending(pair => pair.Value);
        // The rate is drawn only when it is partial, so that fully shuffled lists keep their seeds' sequences.
        var shuffled = tieOrder is { } random && (shuffleRate >= 1 || random.NextDouble() < shuffleRate);
        var ordered = (shuffled
                ? inWindow.ThenBy(_ => tieOrder!.Next())
                : TiesReversedOn?.Invoke(Requests.Count) == true
                    ? inWindow.ThenBy(pair => pair.Key)
                    : inWindow.ThenByDescending(pair => pair.Key))
            .Select(pair => byCreated
                ? new ListedTrade(pair.Key, _modified[pair.Key], pair.Value)
                : new ListedTrade(pair.Key, pair.Value))
            .ToList();
        var skip = (request.PageNo - 1) * request.PageSize;
        var page = ordered.Skip(skip).Take(request.PageSize).ToList();
        var answer = new TidPage(page, HasNext: ordered.Count > skip + page.Count, TotalResults: request.UseHasNext ? null : counted);
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
