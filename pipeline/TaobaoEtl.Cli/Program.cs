namespace TaobaoEtl.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var shutdown = ShutdownSignal.Register(Console.Error);
        return await CommandLine.RunAsync(args, Console.Out, Console.Error, shutdown.Token);
    }
}
