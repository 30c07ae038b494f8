using Microsoft.Extensions.Hosting;

namespace TaobaoEtl.TopSim;

/// <summary>
/// TopSim runs inside someone else's process (a test run, the CLI): it must not take over SIGINT/SIGTERM as the
/// default console lifetime does. Whoever started it stops it by disposing.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
