using TaobaoEtl.Paging;
using TaobaoEtl.Top;

namespace TaobaoEtl.Streams;

/// <summary>Makes the list call a page plan asks for (the gateway in production, a script in the pager's tests).</summary>
internal interface ITidLister
{
    Task<TidPage> ListAsync(TopSession session, TidPageRequest request, CancellationToken cancellationToken);
}
