using TaobaoEtl.Top.Wire;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Top.Methods;

/// <summary>
/// A list method of the platform: a window by two time parameters, paged. The one place a list query becomes
/// parameters, so the trade lists and the refund list cannot drift apart (the explicit <c>type</c> list above all).
/// </summary>
internal sealed class TopListMethod<TBody>(string name, string startParameter, string endParameter, EnvelopeReader<TBody> read)
    where TBody : TopBody
{
    public string Name { get; } = name;

    public TopCall<TBody> Call(TopSession session, TopListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        // An empty list would send no type at all (TopRequest drops empty values): the platform's few defaults.
        if (query.Types is not { Count: > 0 } types || types.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"{Name}: every type must be passed explicitly; the list is empty or has a blank entry.", nameof(query));
        return Build(session, query);
    }

    private TopCall<TBody> Build(TopSession session, TopListQuery query) => new(
        new TopRequest(Name, session)
            .With("fields", query.Fields)
            .With(startParameter, PlatformTime.Format(query.WindowStart))
            .With(endParameter, PlatformTime.Format(query.WindowEnd))
            .With("status", query.Status)
            .With("type", string.Join(',', query.Types))
            .With("page_no", query.PageNo)
            .With("page_size", query.PageSize)
            .With("use_has_next", query.UseHasNext),
        read);
}
