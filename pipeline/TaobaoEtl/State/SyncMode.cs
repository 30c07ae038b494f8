namespace TaobaoEtl.State;

/// <summary>How a shop is kept current, as <c>etl.shop.sync_mode</c> records it.</summary>
public enum SyncMode
{
    /// <summary>Increments every few minutes.</summary>
    Normal,

    /// <summary>Its calls kept failing: no increments, an hourly full reconcile of the recent hours instead.</summary>
    Degraded,
}
