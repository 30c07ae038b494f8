using NodaTime;
using TaobaoEtl.Reconcile;
using TaobaoEtl.State;

namespace TaobaoEtl.Tests.Reconcile;

public sealed class SliceDiffTests
{
    private static readonly Instant T = Instant.FromUtc(2026, 11, 10, 2, 0);
    private static readonly Instant Pending = T + Duration.FromHours(1);

    private static StagedCopy Copy(Instant modified, bool whole = true, Duration? readAfter = null) =>
        new(modified, modified + (readAfter ?? Duration.FromMinutes(5)), whole);

    public static TheoryData<string, FindingKind?> Cases => new()
    {
        { "absent", FindingKind.Missing },
        { "older", FindingKind.Stale },
        { "same", null },
        { "newer", null },
        { "damaged", FindingKind.Damaged },
        { "older and damaged", FindingKind.Stale },
        { "read in the same second", FindingKind.Unproven },
    };

    private static StagedCopy? StagedFor(string staged) => staged switch
    {
        "absent" => null,
        "older" => Copy(T - Duration.FromSeconds(1)),
        "same" => Copy(T),
        "newer" => Copy(T + Duration.FromMinutes(1)),
        "damaged" => Copy(T, whole: false),
        "older and damaged" => Copy(T - Duration.FromMinutes(1), whole: false),
        "read in the same second" => Copy(T, readAfter: Duration.FromMilliseconds(100)),
        _ => throw new ArgumentOutOfRangeException(nameof(staged)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_listed_trade_is_classified_by_its_staged_copy(string staged, FindingKind? expected)
    {
        var copy = StagedFor(staged);
        var stagedCopies = copy is { } c ? new Dictionary<long, StagedCopy> { [1] = c } : [];

        var diff = SliceDiff.Of(new Dictionary<long, Instant> { [1] = T }, stagedCopies, null, Pending, RepairRule.NotOlder);

        Assert.Equal(expected, diff.Findings.SingleOrDefault().Kind is var kind && diff.Findings.Count == 1 ? kind : null);
        Assert.Equal(expected is null ? [] : [1L], diff.ToFetch);
    }

    [Fact]
    public void A_resync_also_fetches_a_copy_not_provably_read_after_its_change()
    {
        var diff = SliceDiff.Of(new Dictionary<long, Instant> { [1] = T, [2] = T },
            new Dictionary<long, StagedCopy> { [1] = Copy(T, readAfter: Duration.FromMilliseconds(100)), [2] = Copy(T) }, null, null, RepairRule.ProvablyCurrent);

        Assert.Equal(FindingKind.Unproven, Assert.Single(diff.Findings).Kind);
        Assert.Equal([1L], diff.ToFetch);
        Assert.Equal(0, diff.Differing);
    }

    [Fact]
    public void Force_fetches_every_listed_trade()
    {
        var diff = SliceDiff.Of(new Dictionary<long, Instant> { [1] = T, [2] = T },
            new Dictionary<long, StagedCopy> { [1] = Copy(T), [2] = Copy(T) }, null, null, RepairRule.Force);

        Assert.Empty(diff.Findings);
        Assert.Equal([1L, 2L], diff.ToFetch);
    }

    [Fact]
    public void A_change_at_or_after_the_pending_bound_is_no_difference_yet()
    {
        var diff = SliceDiff.Of(new Dictionary<long, Instant> { [1] = Pending, [2] = Pending - Duration.FromSeconds(1) }, new Dictionary<long, StagedCopy>(), null, Pending, RepairRule.NotOlder);

        Assert.Equal(1, diff.Pending);
        Assert.Equal([2L], diff.ToFetch);
    }

    [Fact]
    public void A_staged_trade_the_platform_does_not_list_is_unknown_and_never_fetched()
    {
        var diff = SliceDiff.Of(new Dictionary<long, Instant> { [1] = T }, new Dictionary<long, StagedCopy> { [1] = Copy(T), [9] = Copy(T) }, [1L, 9L],
            Pending, RepairRule.NotOlder);

        var finding = Assert.Single(diff.Findings);
        Assert.Equal((9L, FindingKind.Unknown), (finding.Id, finding.Kind));
        Assert.Empty(diff.ToFetch);
    }

    [Fact]
    public void A_listing_without_modified_asks_only_for_a_whole_copy()
    {
        var diff = SliceDiff.Of(new Dictionary<long, Instant> { [1] = Instant.MinValue, [2] = Instant.MinValue },
            new Dictionary<long, StagedCopy> { [1] = Copy(T) }, null, Pending, RepairRule.NotOlder);

        Assert.Equal((2L, FindingKind.Missing), (Assert.Single(diff.Findings).Id, diff.Findings[0].Kind));
    }

    [Theory]
    [InlineData(true, 0, true)]
    [InlineData(true, 60, true)]
    [InlineData(true, -1, false)]
    [InlineData(false, 0, false)]
    public void A_repair_holds_with_a_whole_copy_at_or_after_the_listed_version(bool whole, int offsetSeconds, bool holds)
    {
        Assert.Equal(holds, SliceDiff.Holds(T, Copy(T + Duration.FromSeconds(offsetSeconds), whole)));
    }

    [Fact]
    public void Nothing_staged_holds_nothing()
    {
        Assert.False(SliceDiff.Holds(T, null));
    }

    [Fact]
    public void A_recent_slice_counts_an_unstaged_trade_missing_only_when_it_changed_after_the_increments_began()
    {
        var incrementsBegan = T;
        var diff = SliceDiff.Of(new Dictionary<long, Instant> { [1] = T - Duration.FromMinutes(1), [2] = T, [3] = T - Duration.FromMinutes(1) },
            new Dictionary<long, StagedCopy> { [3] = Copy(T - Duration.FromHours(1)) }, null, Pending, RepairRule.NotOlder, incrementsBegan);

        Assert.Equal([(2L, FindingKind.Missing), (3L, FindingKind.Stale)], diff.Findings.Select(f => (f.Id, f.Kind)));
    }
}
