using System.Diagnostics;

namespace TaobaoEtl.Cli.Chaos;

/// <summary>How to start this CLI as a child process: <c>dotnet taobao-etl.dll …</c>, wherever the assembly is loaded from.</summary>
internal sealed record SyncChildLaunch(string FileName, IReadOnlyList<string> LeadingArguments)
{
    public static SyncChildLaunch ThisCli()
    {
        // The host that runs us is a dotnet muxer in CI and under tests; DOTNET_HOST_PATH names it when set.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        return new SyncChildLaunch(host, [typeof(SyncChildLaunch).Assembly.Location]);
    }

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in LeadingArguments.Concat(arguments)) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }
}
