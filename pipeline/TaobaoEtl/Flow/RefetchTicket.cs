using TaobaoEtl.State;

namespace TaobaoEtl.Flow;

/// <summary>
/// The ticket of ids fetched again outside any window (<c>refetch</c>, a run's owed retry): nothing rides in the batch
/// and nothing follows it. The commit is the whole work: the stored copy resolves the owed row and closes the open dead
/// letter in the same transaction (<see cref="Sink.CopySink"/>), a failure records one more attempt.
/// </summary>
internal sealed class RefetchTicket(SyncShop shop, long? runId) : IDetailTicket
{
    public SyncShop Shop { get; } = shop ?? throw new ArgumentNullException(nameof(shop));

    public long? RunId { get; } = runId;

    public IReadOnlyList<ICheckpoint> EnterBatch(IReadOnlyList<SinkItem> items) => [];

    public Task CommittedAsync(IReadOnlyList<SinkItem> items, bool rode, CancellationToken cancellationToken) => Task.CompletedTask;

    public override string ToString() => $"{Shop.ShopId}/refetch";
}
