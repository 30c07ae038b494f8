namespace TaobaoEtl.Cli.Chaos;

/// <summary>
/// TEST-ONLY: a platform rule the sync children break on purpose, so a test can show the harness catches the loss.
/// </summary>
internal enum ChaosBreakage
{
    None,
    /// <summary><c>Sync:Testing:IncrementPagingFrontToBack=true</c>: increments page front to back.</summary>
    FrontToBack,
    /// <summary><c>Sync:LookBack = Sync:PeakLookBack = 0</c>: an increment starts exactly at the watermark.</summary>
    NoLookBack,
}
