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

    /// <summary>The stream a <c>stream</c> column names (the inverse of <see cref="Of(SyncStream)"/>).</summary>
    public static SyncStream StreamOf(string text) => text switch
    {
        "trade" => SyncStream.Trade,
        "refund" => SyncStream.Refund,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "Not a stream the etl tables allow."),
    };

    public static string Of(WindowKind kind) => kind switch
    {
        WindowKind.BackfillDay => "backfill_day",
        WindowKind.IncrementSlice => "increment_slice",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
