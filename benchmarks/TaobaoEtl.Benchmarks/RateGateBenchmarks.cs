using BenchmarkDotNet.Attributes;
using TaobaoEtl.Top;

namespace TaobaoEtl.Benchmarks;

/// <summary>
/// What passing the <see cref="RateGate"/> costs a call when the rate never holds it back: token bucket, sliding
/// window booking and ban check. The rate (20M/s, with as much burst) is far above what one thread can ask for,
/// so the figure is the gate's overhead, not its pacing.
/// </summary>
[MemoryDiagnoser]
public class RateGateBenchmarks
{
    private const int Unreachable = 20_000_000;
    private RateGate _gate = null!;

    [GlobalSetup]
    public void Setup() => _gate = new RateGate(Unreachable, Unreachable, TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.FromMilliseconds(10), TimeProvider.System);

    [GlobalCleanup]
    public void Cleanup() => _gate.Dispose();

    [Benchmark]
    public ValueTask PassGate() => _gate.WaitAsync(CancellationToken.None);
}
