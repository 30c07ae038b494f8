namespace TaobaoEtl.Flow;

/// <summary>Why a run stopped (or never started) one shop while the others went on.</summary>
public enum ShopStopReason
{
    /// <summary>Another run holds the same work (shop, stream, kind): nothing was synced for it; run again later.</summary>
    Locked,
    /// <summary>The watermark is older than the platform's 3-month horizon: the increment cannot list it; run a backfill.</summary>
    BehindHorizon,
    /// <summary>The platform refused the shop's session (code 27): the seller must authorize the app again.</summary>
    Reauthorize,
}
