using NodaTime;
using TaobaoEtl.Sink;
using TaobaoEtl.State;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>The pager's records in <c>etl.window</c> and <c>etl.dead_letter</c>.</summary>
internal sealed class ListingLedger(WindowLedger ledger, WindowCloser closer, Func<SinkBatch, CancellationToken, Task> writeAlone, IClock clock)
    : IListingLedger
{
    public Task StartAsync(WindowProgress window, CancellationToken cancellationToken) =>
        ledger.StartListingAsync(window.Window, window.RunId, cancellationToken);

    public Task ListedAsync(WindowProgress window, int pages, int tids, CancellationToken cancellationToken) =>
        ledger.MarkListedAsync(window.Window, pages, tids, cancellationToken);

    public Task FailedAsync(WindowProgress window, CancellationToken cancellationToken) =>
        ledger.MarkFailedAsync(window.Window, cancellationToken);

    public async Task DeadLetterAsync(WindowProgress window, TopException error, CancellationToken cancellationToken)
    {
        var letter = DeadLetter.ForWindow(window.Window.ShopId, window.Window.Range, error.Method, clock.GetCurrentInstant()) with
        {
            Code = error.Code, SubCode = error.SubCode, SubMsg = error.SubMsg, RequestId = error.RequestId,
        };
        await writeAlone(new SinkBatch { DeadLetters = [letter], RunId = window.RunId }, cancellationToken);
        await ledger.MarkFailedAsync(window.Window, cancellationToken);
    }

    public Task CloseAloneAsync(WindowProgress window, CancellationToken cancellationToken) => closer.CloseAloneAsync(window, cancellationToken);
}
