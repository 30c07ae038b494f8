namespace TaobaoEtl.Paging;

internal static class PageSizes
{
    public static int Require(int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, TidPageRequest.MaxPageSize);
        return pageSize;
    }
}
