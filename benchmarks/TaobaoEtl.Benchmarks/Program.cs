using BenchmarkDotNet.Running;

namespace TaobaoEtl.Benchmarks;

internal static class Program
{
    // `./run.sh bench micro '*' [--job short]` (starts PostgreSQL for the sink benchmark), or
    // `dotnet run -c Release --project benchmarks/TaobaoEtl.Benchmarks -- --filter '*'`
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
