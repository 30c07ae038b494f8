using System.Runtime.InteropServices;
using TaobaoEtl.Cli;

namespace TaobaoEtl.Tests.Cli;

public sealed class ShutdownSignalTests
{
    [Theory]
    [InlineData(PosixSignal.SIGTERM)]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGQUIT)]
    public async Task The_first_signal_cancels_the_run_and_keeps_the_process_alive(PosixSignal signal)
    {
        var error = new StringWriter();
        using var shutdown = new ShutdownSignal(error);
        var cancelled = new TaskCompletionSource();
        using var registration = shutdown.Token.Register(cancelled.SetResult);
        var context = new PosixSignalContext(signal);

        shutdown.Handle(context);

        Assert.True(context.Cancel, "the runtime must not end the process: the run drains and closes its row");
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(signal.ToString(), error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_signal_while_draining_is_left_to_the_runtime_which_ends_the_process()
    {
        using var shutdown = new ShutdownSignal(new StringWriter());
        shutdown.Handle(new PosixSignalContext(PosixSignal.SIGTERM));
        var second = new PosixSignalContext(PosixSignal.SIGINT) { Cancel = true };

        shutdown.Handle(second);

        Assert.False(second.Cancel);
        Assert.True(shutdown.Token.IsCancellationRequested);
    }
}
