using Microsoft.Extensions.Logging;
using TaobaoEtl.State;

namespace TaobaoEtl.Flow;

/// <summary>
/// Commits a window's checkpoint in a transaction of its own: for a window whose last trade was already
/// committed (or that had nothing to write) when the condition for "done" became true.
/// </summary>
internal sealed class WindowCloser(WindowLedger ledger, RunCounters counters, ILogger logger)
{
    public async Task CloseAloneAsync(WindowProgress window, CancellationToken cancellationToken)
    {
        await ledger.CommitAsync([window.Checkpoint()], cancellationToken);
        Done(window);
    }

    public void Done(WindowProgress window)
    {
        counters.WindowDone();
        FlowLog.WindowDone(logger, window.Window.ToString());
    }
}
