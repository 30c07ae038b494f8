using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>The text values the <c>etl</c> tables' CHECK constraints allow.</summary>
internal static class LedgerNames
{
    public static string Of(SyncStream stream) => stream switch
    {
        SyncStream.Trade => "trade",
        SyncStream.Refund => "refund",
        _ => throw new ArgumentOutOfRangeException(nameof(stream), stream, null),
    };

    public static string Of(WindowKind kind) => kind switch
    {
        WindowKind.BackfillDay => "backfill_day",
        WindowKind.IncrementSlice => "increment_slice",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
