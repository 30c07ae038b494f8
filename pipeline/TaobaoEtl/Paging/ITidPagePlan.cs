namespace TaobaoEtl.Paging;

/// <summary>
/// A pure plan of list calls for one window. The I/O loop is always the same and knows no rule:
/// <code>
/// while (plan.Next is { } request)
///     foreach (var trade in plan.Accept(await client.ListAsync(request, ct)))
///         await next.SendAsync(trade, ct);
/// </code>
/// A wrong answer is not an exception: the plan records it in <see cref="Fault"/>, asks again, and ends
/// <see cref="PagingOutcome.Refused"/> when the answers stay wrong.
/// </summary>
public interface ITidPagePlan
{
    /// <summary>The call to make now, or null when the plan is finished.</summary>
    TidPageRequest? Next { get; }

    /// <summary>
    /// Takes the answer to <see cref="Next"/> and returns the trades it lists that this plan has not
    /// returned before (same tid with a newer <c>modified</c> counts as new: the trade changed).
    /// A refused answer returns nothing and sets <see cref="Fault"/>.
    /// </summary>
    IReadOnlyList<ListedTrade> Accept(TidPage page);

    PagingOutcome Outcome { get; }

    /// <summary>The last answer the plan refused, if any.</summary>
    ListAnswerFault? Fault { get; }

    /// <summary>List calls made so far (each answered page is one call).</summary>
    int Calls { get; }

    /// <summary>Distinct tids listed so far.</summary>
    int Listed { get; }

    /// <summary>
    /// Asks for a shorter window in place of the pending call (the platform's overload answer says: shorten the
    /// query's time span). False when the plan cannot shorten it; the same call is then asked again.
    /// </summary>
    bool Shorten();
}
