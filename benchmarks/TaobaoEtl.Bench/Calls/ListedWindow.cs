namespace TaobaoEtl.Bench.Calls;

/// <summary>One list window (a backfill day or an increment slice): trades the list calls return, and how many of them changed since they were stored.</summary>
public readonly record struct ListedWindow(long Listed, long Changed)
{
    public static ListedWindow Backfill(long trades) => new(trades, trades);
}
