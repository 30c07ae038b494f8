using System.Globalization;
using NodaTime;
using TaobaoEtl.Bench.Calls;
using TaobaoEtl.Bench.SinkRatio;
using TaobaoEtl.Harness.Sim;

namespace TaobaoEtl.Bench.EndToEnd;

/// <summary>
/// Which trades an increment owed a detail call. Before the increment, it takes the truth of every trade changed
/// since a point safely before the increment's span (the clock is frozen, so the truth does not move during the
/// increment) and the <c>modified</c> staging holds for each. After it, a trade is owed a call when its true last
/// change lies in one of the increment's slices (from the ledger) and staging has it older or not at all. Detail
/// calls the platform served beyond that count went to trades that had not changed since they were stored (or
/// were repeated): <c>detail_calls_on_unchanged</c>.
/// </summary>
public sealed class IncrementAudit
{
    private readonly IReadOnlyList<TruthTrade> _truth;
    private readonly IReadOnlyDictionary<long, Instant> _stored;

    private IncrementAudit(IReadOnlyList<TruthTrade> truth, IReadOnlyDictionary<long, Instant> stored)
    {
        _truth = truth;
        _stored = stored;
    }

    public int TradesInTruth => _truth.Count;

    public static async Task<IncrementAudit> BeforeAsync(SimControlClient sim, BenchDatabase database, Instant from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(database);
        var truth = await sim.TruthTradesAsync(modifiedFrom: from, cancellationToken: cancellationToken);
        var stored = new Dictionary<long, Instant>();
        await using var command = database.DataSource.CreateCommand("SELECT tid, modified FROM staging.sales_order WHERE tid = ANY($1)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<long[]> { TypedValue = [.. truth.Select(t => t.Tid)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) stored[reader.GetInt64(0)] = reader.GetFieldValue<Instant>(1);
        return new IncrementAudit(truth, stored);
    }

    /// <summary>The increment's slices as <see cref="ListedWindow"/>s: what each listed, and how many of its trades were owed a call.</summary>
    public IReadOnlyList<ListedWindow> Owed(IReadOnlyList<LedgerWindow> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var changed = _truth.Where(IsChanged).ToList();
        // A slice can list fewer than the changes it holds only if the platform's index lags; TopSim's clean profile does not.
        return [.. slices.Select(slice => new ListedWindow(slice.Listed, Math.Min(slice.Listed, changed.Count(slice.Holds))))];
    }

    /// <summary>
    /// Trades owed a call whose change lies on a second two slices of their shop share: the list methods take both
    /// ends inclusive, so both slices list them, and when the two slices are in flight together neither copy is
    /// known yet, and both are fetched. An upper bound of the repeated calls, which are not calls on unchanged trades.
    /// </summary>
    public int OnSharedBoundary(IReadOnlyList<LedgerWindow> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        return _truth.Where(IsChanged).Count(trade =>
            slices.Count(s => s.ShopId == trade.ShopId.ToString(CultureInfo.InvariantCulture) && s.Start <= trade.Modified && trade.Modified <= s.End) >= 2);
    }

    private bool IsChanged(TruthTrade trade) => !_stored.TryGetValue(trade.Tid, out var stored) || stored < trade.Modified;
}
