using TaobaoEtl.Configuration;

namespace TaobaoEtl.Flow;

/// <summary>The pager's bounds and pauses, from <see cref="SyncOptions"/>.</summary>
internal sealed record PagerRules
{
    public int MaxPasses { get; init; } = 3;
    public int MaxPagesPerWindow { get; init; } = Paging.IncrementPagePlan.DefaultMaxPagesPerWindow;
    public TimeSpan OverloadPause { get; init; } = TimeSpan.FromMinutes(3);
    public int MaxOverloadRetries { get; init; } = 5;
    public TimeSpan ListFailurePause { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxListFailures { get; init; } = 3;

    /// <summary>Test-only: <c>Sync:Testing:IncrementPagingFrontToBack</c>.</summary>
    public bool IncrementFrontToBack { get; init; }

    /// <summary>Test-only: <c>Sync:Testing:WeakSettleRule</c>.</summary>
    public bool WeakSettleRule { get; init; }

    /// <summary>Test-only: <c>Sync:Testing:BackfillPagingByPosition</c>.</summary>
    public bool BackfillByPosition { get; init; }

    public static PagerRules From(SyncOptions sync)
    {
        ArgumentNullException.ThrowIfNull(sync);
        return new PagerRules
        {
            MaxPasses = sync.MaxSlicePasses,
            MaxPagesPerWindow = sync.MaxPagesPerWindow,
            OverloadPause = sync.OverloadPause,
            MaxOverloadRetries = sync.MaxOverloadRetries,
            ListFailurePause = sync.ListFailurePause,
            MaxListFailures = sync.MaxListFailures,
            IncrementFrontToBack = sync.Testing.IncrementPagingFrontToBack,
            WeakSettleRule = sync.Testing.WeakSettleRule,
            BackfillByPosition = sync.Testing.BackfillPagingByPosition,
        };
    }

    /// <summary>The pause before the <paramref name="failure"/>-th retry of a failing window: doubling, capped at 16×.</summary>
    public TimeSpan FailurePause(int failure) => ListFailurePause * (1 << Math.Clamp(failure - 1, 0, 4));
}
