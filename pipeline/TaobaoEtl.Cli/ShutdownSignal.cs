using System.Runtime.InteropServices;

namespace TaobaoEtl.Cli;

/// <summary>
/// SIGTERM, SIGINT (Ctrl-C) and SIGQUIT stop a command the way a ban does: the first one cancels the command's token and
/// keeps the process alive (<see cref="PosixSignalContext.Cancel"/>), so the run drains, keeps what it committed, prints
/// its summary, closes its <c>etl.run</c> row as stopped and exits 75. A second signal while it drains is not held back:
/// the runtime's default handling ends the process at once, for an operator who will not wait.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private static readonly PosixSignal[] Signals = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT];

    private readonly CancellationTokenSource _cancel = new();
    private readonly TextWriter _error;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    internal ShutdownSignal(TextWriter error) => _error = error;

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Takes over the three signals for this process until disposed (only <c>Program</c> does: never a test host).</summary>
    public static ShutdownSignal Register(TextWriter error)
    {
        var shutdown = new ShutdownSignal(error);
        foreach (var signal in Signals) shutdown._registrations.Add(PosixSignalRegistration.Create(signal, shutdown.Handle));
        return shutdown;
    }

    internal void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) == 1)
        {
            context.Cancel = true;
            _error.WriteLine($"taobao-etl: {context.Signal} received: stopping; committed work is kept (a second signal stops at once).");
            // Not inline: cancellation runs every registered callback, and the signal thread should return at once.
            _ = _cancel.CancelAsync();
            return;
        }

        context.Cancel = false;
        _error.WriteLine($"taobao-etl: {context.Signal} received again: stopping now.");
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
