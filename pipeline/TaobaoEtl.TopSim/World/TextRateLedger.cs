using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// The messy-text rate (<see cref="FaultOptions.MessyTextRate"/>) as it changed over simulated time. A trade's words are
/// drawn under the rate in force at its creation, so a rate changed at run time reaches only trades created after the
/// change: the platform never rewrites a trade's text without a new <c>modified</c>, and neither may TopSim (a copy
/// taken before the change would turn "wrong" in verify with nothing to fetch again).
/// </summary>
internal sealed class TextRateLedger
{
    private readonly Lock _gate = new();
    private (long FromMs, double Rate)[] _steps = [(long.MinValue, 0)];

    /// <summary>The rate for a trade created at <paramref name="createdMs"/> (epoch milliseconds of the world).</summary>
    public double RateAt(long createdMs)
    {
        var steps = Volatile.Read(ref _steps);
        for (var i = steps.Length - 1; i > 0; i--)
        {
            if (createdMs > steps[i].FromMs) return steps[i].Rate;
        }

        return steps[0].Rate;
    }

    /// <summary>The rate from the world's start, before anything was read.</summary>
    public void Start(double rate)
    {
        lock (_gate) Volatile.Write(ref _steps, [(long.MinValue, rate)]);
    }

    /// <summary>
    /// The rate for trades created strictly after <paramref name="nowMs"/>: every trade a reader could have seen by now
    /// (created at or before it) keeps the text it was shown with.
    /// </summary>
    public void Change(long nowMs, double rate)
    {
        lock (_gate)
        {
            var steps = _steps;
            if (steps[^1].Rate.Equals(rate)) return;
            Volatile.Write(ref _steps, [.. steps, (Math.Max(nowMs, steps[^1].FromMs), rate)]);
        }
    }
}
