using NodaTime;
using TaobaoEtl.Verify;

namespace TaobaoEtl.IntegrationTests.Verify;

/// <summary>A world of its own: these tests move TopSim's clock, which the other verify tests keep frozen.</summary>
public sealed class MovingWorld : StagedWorld
{
    protected override int ShopCount => 1;
}

/// <summary>
/// Changes the platform made after the last committed increment are pending, not missing: the pipeline cannot
/// have them yet. Claiming a later watermark turns the very same trades into missing and stale ones.
/// </summary>
public sealed class PendingTests(MovingWorld world) : IClassFixture<MovingWorld>
{
    [Fact]
    public async Task Changes_after_the_watermark_are_pending_not_missing_until_a_watermark_claims_them()
    {
        await using var copy = await world.CopyAsync();
        await world.AdvanceClockAsync(Duration.FromHours(2));
        var before = world.TruthAtLoad.ToDictionary(t => t.Tid);
        var after = await world.ReadTruthAsync();
        var created = after.Count(t => !before.ContainsKey(t.Tid));
        var changed = after.Count(t => before.TryGetValue(t.Tid, out var old) && old.Modified != t.Modified);
        // A change makes a trade owed that was not (created before the backfill days, modified since the initial watermark).
        var newlyOwed = after.Count(t => world.Owed(t) && !(before.TryGetValue(t.Tid, out var old) && world.Owed(old)));
        var changedStaged = after.Count(t => before.TryGetValue(t.Tid, out var old) && world.Owed(old) && old.Modified != t.Modified);
        Assert.True(created > 0 && changed > 0 && newlyOwed > created, $"two simulated hours made {created} trades, changed {changed}, {newlyOwed} newly owed");

        using var http = new HttpClient();
        var verifier = new TruthVerifier(copy.DataSource, http);
        var report = await verifier.VerifyAsync(world.Sim.BaseUri, VerifyScope.AllShops, CancellationToken.None);

        Assert.Equal(created + changed, report.Pending);
        Assert.True(report.IsClean, report.ToJson());
        // Refunds changed in those hours are as recent as their changes: not owed yet, so neither missing nor stale.
        Assert.Equal((0L, 0L), (report.RefundsMissing, report.RefundsStale));
        Assert.Equal(world.TradesLoaded + newlyOwed, report.TradesTruth);

        var claimed = await verifier.VerifyAsync(world.Sim.BaseUri,
            new VerifyScope { Watermark = world.Sim.Now, LookBack = Duration.Zero }, CancellationToken.None);

        Assert.Equal((newlyOwed, changedStaged, 0L), (claimed.Missing, claimed.Stale, claimed.Pending));
        Assert.False(claimed.IsClean);
    }
}
