using NodaTime;
using TaobaoEtl.Fetch;
using TaobaoEtl.State;

namespace TaobaoEtl.Reconcile;

/// <summary>
/// A slice's listing against staging: pure, so every rule is table-tested. A listed trade is missing (not staged), stale
/// (staged older than listed) or damaged (staged at the version but not whole); a staged trade of the slice that the
/// platform does not list is unknown (reported, never deleted: the product deletes nothing it cannot prove gone). A listed
/// change at or after the pending bound is no difference yet: the next increment's look-back owes it, and checking it
/// would only race the increment. <see cref="ToFetch"/> is what the repair sends through the detail path.
/// </summary>
public sealed record SliceDiff(IReadOnlyList<SliceFinding> Findings, int Pending, IReadOnlyList<long> ToFetch)
{
    public int Missing => Count(FindingKind.Missing);
    public int Stale => Count(FindingKind.Stale);
    public int Damaged => Count(FindingKind.Damaged);
    public int Unknown => Count(FindingKind.Unknown);
    public int Unproven => Count(FindingKind.Unproven);

    /// <summary>What staging got wrong: missing, stale and damaged trades (unknown ones are reported, unproven ones only refetched).</summary>
    public int Differing => Missing + Stale + Damaged;

    /// <param name="listed">Each listed tid with the <c>modified</c> it was listed with (<see cref="Instant.MinValue"/>: none named).</param>
    /// <param name="staged">Staging's copies of the listed tids and of <paramref name="stagedInSlice"/>.</param>
    /// <param name="stagedInSlice">The tids staging holds in the slice (a day's by created), for the unknown ones; null: not asked.</param>
    /// <param name="pendingFrom">Listed changes at or after it are pending; null: none is (a resync asks for everything).</param>
    /// <param name="missingFrom">
    /// A listed trade staging lacks is missing only if listed at or after it (a recent slice: where the increments began; a
    /// change before that of a trade never staged belongs to a trade created before the backfill, never promised); null: always.
    /// </param>
    public static SliceDiff Of(IReadOnlyDictionary<long, Instant> listed, IReadOnlyDictionary<long, StagedCopy> staged,
        IReadOnlyCollection<long>? stagedInSlice, Instant? pendingFrom, RepairRule rule, Instant? missingFrom = null)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(staged);
        var findings = new List<SliceFinding>();
        var toFetch = new List<long>();
        var pending = 0;
        foreach (var (tid, listedAt) in listed.OrderBy(pair => pair.Key))
        {
            Instant? version = listedAt == Instant.MinValue ? null : listedAt;
            if (version is { } at && pendingFrom is { } bound && at >= bound)
            {
                pending++;
                continue;
            }

            StagedCopy? copy = staged.TryGetValue(tid, out var found) ? found : null;
            if (copy is null && missingFrom is { } promised && (version is not { } changed || changed < promised)) continue;
            var kind = Classify(version, copy, rule);
            if (kind is { } what) findings.Add(new SliceFinding(tid, what, version, copy?.Modified));
            if (kind is not null || rule == RepairRule.Force) toFetch.Add(tid);
        }

        if (stagedInSlice is not null)
        {
            foreach (var tid in stagedInSlice.Where(tid => !listed.ContainsKey(tid)).Order())
                findings.Add(new SliceFinding(tid, FindingKind.Unknown, null, staged.TryGetValue(tid, out var copy) ? copy.Modified : null));
        }

        return new SliceDiff(findings, pending, toFetch);
    }

    /// <summary>Whether a copy stands for the listed version: whole, and at or after it (any whole copy when none was named).</summary>
    public static bool Holds(Instant? listed, StagedCopy? copy) =>
        copy is { Whole: true } whole && (listed is not { } at || whole.Modified >= at);

    private static FindingKind? Classify(Instant? listed, StagedCopy? copy, RepairRule rule)
    {
        if (copy is not { } stored) return FindingKind.Missing;
        if (listed is { } at && stored.Modified < at) return FindingKind.Stale;
        if (!stored.Whole) return FindingKind.Damaged;
        // A copy of the listed second read within that second may hold the first of two changes in it (the known filter's
        // rule): fetched again, not counted as a difference (nothing proves it wrong). A newer copy than listed is the
        // list lagging: current for a reconcile.
        if (rule == RepairRule.NotOlder)
            return listed is { } second && stored.Modified == second
                   && !KnownFilterRule.IsKnownCurrent(second, new KnownFilterStoredCopy(stored.Modified, stored.FetchedAt))
                ? FindingKind.Unproven
                : null;
        // A resync refetches what the known filter would not skip: a copy of another version than listed (a newer one: the
        // list lags) or one read within the listed second (it may hold the first of two changes in that second).
        return listed is { } version && KnownFilterRule.IsKnownCurrent(version, new KnownFilterStoredCopy(stored.Modified, stored.FetchedAt))
            ? null
            : FindingKind.Unproven;
    }

    private int Count(FindingKind kind) => Findings.Count(finding => finding.Kind == kind);
}
