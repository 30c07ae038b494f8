namespace TaobaoEtl.Paging;

/// <summary>The list call a page comes from.</summary>
public enum TidListMethod
{
    /// <summary><c>taobao.trades.sold.get</c> by <c>start_created</c>/<c>end_created</c>.</summary>
    SoldByCreated,

    /// <summary><c>taobao.trades.sold.increment.get</c> by <c>start_modified</c>/<c>end_modified</c>.</summary>
    IncrementByModified,

    /// <summary>
    /// <c>taobao.refunds.receive.get</c> by <c>start_modified</c>/<c>end_modified</c>: the refund stream's only list (refunds have
    /// no list by <c>created</c>), ordered by <c>modified</c> descending like the increment list, so paged like it.
    /// </summary>
    RefundsByModified,
}
