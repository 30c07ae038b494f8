using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// One list call a page plan asks the I/O loop to make. <see cref="TradeTypes"/> is every trade type,
/// always passed explicitly in <c>type</c>: the platform's default returns only a few types [seed].
/// </summary>
public sealed record TidPageRequest(
    TradeWindow Window,
    TidListMethod Method,
    int PageNo,
    int PageSize,
    bool UseHasNext,
    IReadOnlyList<string> TradeTypes)
{
    /// <summary>The platform's largest page; the seed asks for it when only ids are listed.</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// The fields a page asks for: the id, <c>modified</c> for the known filter, and by <c>sold.get</c> <c>created</c>,
    /// the key a backfill day is cut by.
    /// </summary>
    public string Fields => Method == TidListMethod.SoldByCreated ? "tid,modified,created" : "tid,modified";

    /// <summary>The <c>type</c> parameter: every trade type, comma-separated.</summary>
    public string TypeParameter => string.Join(',', TradeTypes);
}
