using TaobaoEtl.Windows;

namespace TaobaoEtl.Paging;

/// <summary>
/// One list call a page plan asks the I/O loop to make. <see cref="TradeTypes"/> is every trade type,
/// always passed explicitly in <c>type</c>: the platform's default returns only a few types [seed]. The refund list
/// takes the same list: its <c>type</c> is the trade's type (top-api.md §3 gives one list of <c>type</c> values for the
/// three list methods; <c>refunds.receive.get</c> defaults to <c>guarantee_trade, auto_delivery</c> only).
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
    /// The fields a page asks for: the id (<c>tid</c>, or <c>refund_id</c> for the refund list), <c>modified</c> for the
    /// known filter and the cut by modified, and by <c>sold.get</c> <c>created</c>, the key a backfill day is cut by.
    /// </summary>
    public string Fields => FieldsOf(Method);

    /// <summary>The <c>fields</c> text of <paramref name="method"/>'s pages (see <see cref="Fields"/>).</summary>
    public static string FieldsOf(TidListMethod method) => method switch
    {
        TidListMethod.SoldByCreated => "tid,modified,created",
        TidListMethod.IncrementByModified => "tid,modified",
        TidListMethod.RefundsByModified => "refund_id,modified",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown list method."),
    };

    /// <summary>The <c>type</c> parameter: every trade type, comma-separated.</summary>
    public string TypeParameter => string.Join(',', TradeTypes);
}
