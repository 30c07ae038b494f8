using System.Globalization;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>page_no, page_size and use_has_next with the platform's limits (page_size 1–100, default 40).</summary>
internal sealed record Paging(int PageNo, int PageSize, bool UseHasNext)
{
    public static bool TryRead(RequestParameters p, out Paging paging, out TopError? error)
    {
        paging = new Paging(1, 40, false);
        error = null;
        var pageNo = 1;
        var pageSize = 40;
        if (p["page_no"] is { } no && (!int.TryParse(no, NumberStyles.None, CultureInfo.InvariantCulture, out pageNo) || pageNo < 1))
        {
            error = TopError.InvalidParameter("page_no", "page_no必须大于等于1");
            return false;
        }

        if (p["page_size"] is { } size && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > 100))
        {
            error = TopError.InvalidParameter("page_size", "page_size必须在1到100之间");
            return false;
        }

        var useHasNext = p["use_has_next"] is { } flag && flag.Equals("true", StringComparison.OrdinalIgnoreCase);
        paging = new Paging(pageNo, pageSize, useHasNext);
        return true;
    }

    public IEnumerable<T> Slice<T>(IReadOnlyList<T> all) => all.Skip((int)Math.Min(int.MaxValue, (long)(PageNo - 1) * PageSize)).Take(PageSize);

    public bool HasNext(int total) => (long)PageNo * PageSize < total;
}
