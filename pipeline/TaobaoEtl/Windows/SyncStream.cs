namespace TaobaoEtl.Windows;

/// <summary>What a window lists: trades or refunds. Each stream has its own watermark.</summary>
public enum SyncStream
{
    Trade,
    Refund,
}
