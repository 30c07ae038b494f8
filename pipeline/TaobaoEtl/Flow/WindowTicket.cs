using TaobaoEtl.State;

namespace TaobaoEtl.Flow;

/// <summary>
/// The window pager's ticket: the trades of one window. Its checkpoint rides in the batch that commits the window's
/// last trade (<see cref="WindowProgress.EnterBatch"/>) or is committed alone by whoever sees the window done last; the
/// windows that waited for one of its copies in flight (<see cref="InFlightDetails"/>) count it resolved after the commit.
/// </summary>
internal sealed class WindowTicket(WindowProgress window, WindowCloser closer, InFlightDetails inFlight) : IDetailTicket
{
    public WindowProgress Window { get; } = window ?? throw new ArgumentNullException(nameof(window));

    public SyncShop Shop => Window.Shop;

    public long? RunId => Window.RunId;

    public IReadOnlyList<ICheckpoint> EnterBatch(IReadOnlyList<SinkItem> items) =>
        Window.EnterBatch(items.Count, items.Count(item => item.IsFetched)) ? [Window.Checkpoint()] : [];

    public async Task CommittedAsync(IReadOnlyList<SinkItem> items, bool rode, CancellationToken cancellationToken)
    {
        if (rode) closer.Done(Window);
        if (Window.LeaveBatch()) await closer.CloseAloneAsync(Window, cancellationToken);
        foreach (var waiter in inFlight.Committed(items.Select(item => (Window, item.Id))))
            await closer.CloseAloneAsync(waiter, cancellationToken);
    }

    public override string ToString() => Window.ToString();
}
