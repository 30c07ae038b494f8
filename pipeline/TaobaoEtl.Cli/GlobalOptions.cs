using System.CommandLine;

namespace TaobaoEtl.Cli;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> LogFormat = new("--log-format")
    {
        Description = "Log output: 'human' (console) or 'json' (compact JSON, one event per line).",
        Recursive = true,
    };

    public static readonly Option<string?> LogLevel = new("--log-level")
    {
        Description = "Minimum log level: Verbose, Debug, Information, Warning, Error, Fatal.",
        Recursive = true,
    };

    public static readonly Option<FileInfo?> ConfigFile = new("--config")
    {
        Description = "An extra JSON settings file, read after appsettings.json.",
        Recursive = true,
    };

    public static readonly Option<string[]> Set = new("--set")
    {
        Description = "Override one setting, e.g. --set Sync:BatchSize=500 (repeatable; highest precedence).",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    public static IEnumerable<Option> All => [LogFormat, LogLevel, ConfigFile, Set];

    static GlobalOptions()
    {
        LogFormat.AcceptOnlyFromAmong("human", "json");
        LogLevel.AcceptOnlyFromAmong("Verbose", "Debug", "Information", "Warning", "Error", "Fatal");
        Set.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                var equals = token.Value.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                    result.AddError($"--set expects Key=Value (e.g. Sync:BatchSize=500), got '{token.Value.Split('=')[0]}'.");
            }
        });
    }
}
