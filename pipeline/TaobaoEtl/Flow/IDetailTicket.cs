using TaobaoEtl.State;

namespace TaobaoEtl.Flow;

/// <summary>
/// What an intake wants done once the ids it handed to the detail path are committed: close a window's share (the
/// window pager), nothing but the commit itself (refetch, the owed retry), later confirm a message (the listener) or count
/// a repair (reconcile). The detail path only groups a batch's items by ticket, asks each ticket what must ride in the
/// batch's transaction, and tells it when that transaction committed; it knows nothing of windows.
/// </summary>
internal interface IDetailTicket
{
    SyncShop Shop { get; }

    /// <summary>The run the committed rows, owed records and dead letters are counted against.</summary>
    long? RunId { get; }

    /// <summary>
    /// A sink batch takes <paramref name="items"/> of this ticket's ids. Returns the checkpoints that must commit in the
    /// batch's transaction (after its rows), or none. Called once per batch that holds any of its items.
    /// </summary>
    IReadOnlyList<ICheckpoint> EnterBatch(IReadOnlyList<SinkItem> items);

    /// <summary>
    /// The batch that took <paramref name="items"/> committed; <paramref name="rode"/> says whether the checkpoints
    /// <see cref="EnterBatch"/> returned were in it. Whatever must follow the commit (a checkpoint alone, a confirmation) happens here.
    /// </summary>
    Task CommittedAsync(IReadOnlyList<SinkItem> items, bool rode, CancellationToken cancellationToken);
}
