namespace TaobaoEtl.Paging;

/// <summary>
/// A pure plan of list calls for one window. The I/O loop is always the same and knows no rule:
/// <code>
/// while (plan.Next is { } request)
///     foreach (var trade in plan.Accept(await client.ListAsync(request, ct)))
///         await next.SendAsync(trade, ct);
/// </code>
/// </summary>
public interface ITidPagePlan
{
    /// <summary>The call to make now, or null when the plan is finished.</summary>
    TidPageRequest? Next { get; }

    /// <summary>
    /// Takes the answer to <see cref="Next"/> and returns the trades it lists that this plan has not
    /// returned before (same tid with a newer <c>modified</c> counts as new: the trade changed).
    /// </summary>
    IReadOnlyList<ListedTrade> Accept(TidPage page);

    PagingOutcome Outcome { get; }

    /// <summary>List calls made so far (each answered page is one call).</summary>
    int Calls { get; }

    /// <summary>Distinct tids listed so far.</summary>
    int Listed { get; }
}
