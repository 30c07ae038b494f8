using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>What the pager records about a window's listing (the ledger in production, a recorder in the pager's tests).</summary>
internal interface IListingLedger
{
    Task StartAsync(WindowProgress window, CancellationToken cancellationToken);

    Task ListedAsync(WindowProgress window, int pages, int tids, CancellationToken cancellationToken);

    /// <summary>The window is owed: not done, and the watermark waits for it.</summary>
    Task FailedAsync(WindowProgress window, CancellationToken cancellationToken);

    /// <summary>A caller error on a list call: the window is recorded as a dead letter (and failed).</summary>
    Task DeadLetterAsync(WindowProgress window, TopException error, CancellationToken cancellationToken);

    /// <summary>Commits the window's done checkpoint alone (no batch can carry it).</summary>
    Task CloseAloneAsync(WindowProgress window, CancellationToken cancellationToken);
}
