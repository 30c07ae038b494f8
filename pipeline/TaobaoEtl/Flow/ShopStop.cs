namespace TaobaoEtl.Flow;

/// <summary>One shop a run stopped, with a secret-free line that names it and says what to do.</summary>
public sealed record ShopStop(string ShopId, ShopStopReason Reason, string Message)
{
    /// <summary>The stop of a shop whose session the platform refused (code 27), wherever the run met it.</summary>
    public static ShopStop Reauthorize(string shopId) => new(shopId, ShopStopReason.Reauthorize,
        $"shop {shopId}: the platform refused its session (code 27): the seller must re-authorize the app; the shop stopped, it resumes from its watermark after that");

    /// <summary>
    /// The exit code of a run that finished every other shop: the stop that needs a person first (a seller to
    /// re-authorize, 77; a backfill to run, 66), then the one that only needs a later run (75). Null when none.
    /// </summary>
    public static ExitCode? ExitCodeOf(IEnumerable<ShopStop> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        var reasons = stops.Select(stop => stop.Reason).ToHashSet();
        if (reasons.Contains(ShopStopReason.Reauthorize)) return ExitCode.NoPermission;
        if (reasons.Contains(ShopStopReason.BehindHorizon)) return ExitCode.BehindHorizon;
        if (reasons.Contains(ShopStopReason.Locked)) return ExitCode.TemporaryFailure;
        return null;
    }

    public override string ToString() => Message;
}
