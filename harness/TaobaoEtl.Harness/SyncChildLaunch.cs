using System.Diagnostics;

namespace TaobaoEtl.Harness;

/// <summary>How to start the CLI as a child process: <c>dotnet taobao-etl.dll …</c> beside this process, or a published <c>taobao-etl</c> itself.</summary>
public sealed record SyncChildLaunch(string FileName, IReadOnlyList<string> LeadingArguments)
{
    public const string CliName = "taobao-etl";

    public static SyncChildLaunch ThisCli()
    {
        var self = Environment.ProcessPath;
        // A published apphost runs itself: there may be no dotnet muxer on the machine.
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals(CliName, StringComparison.Ordinal)) return new SyncChildLaunch(self, []);
        // Under ./run.sh, the CLI's own tests and the bench the CLI's assembly is beside this process's (the tests copy it).
        var dll = Path.Combine(AppContext.BaseDirectory, CliName + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("The taobao-etl CLI is not beside this process.", dll);
        // The host that runs us is a dotnet muxer in CI and under tests; DOTNET_HOST_PATH names it when set.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path
            : self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self
            : "dotnet";
        return new SyncChildLaunch(host, [dll]);
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
