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

    /// <summary>
    /// TEST-ONLY, hidden: <c>--test-only-switch Sync:Testing:Key=Value</c>, the one way to set a
    /// <c>Sync:Testing:*</c> switch (each makes the product lose orders on purpose, so a test can prove its harness
    /// notices). Why a command-line flag: files and <c>TAOBAOETL__</c> variables are inherited and shared (a unit
    /// file, a container's environment, a test host's leftover export) and would silently switch it on for every
    /// later run, while a flag exists only on the one command line that names it, visible in <c>ps</c> and in the
    /// harness's own code. Every other source refuses these keys with exit 78. Not in <c>--help</c> nor the README's
    /// production settings.
    /// </summary>
    public static readonly Option<string[]> TestOnlySwitch = new("--test-only-switch")
    {
        Description = "TEST-ONLY: set a Sync:Testing:* switch (breaks a platform rule on purpose).",
        Recursive = true,
        Hidden = true,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    public static IEnumerable<Option> All => [LogFormat, LogLevel, ConfigFile, Set, TestOnlySwitch];

    static GlobalOptions()
    {
        LogFormat.AcceptOnlyFromAmong("human", "json");
        LogLevel.AcceptOnlyFromAmong("Verbose", "Debug", "Information", "Warning", "Error", "Fatal");
        RequireKeyValue(Set, "Sync:BatchSize=500");
        RequireKeyValue(TestOnlySwitch, "Sync:Testing:IncrementPagingFrontToBack=true");
    }

    // The argument is never echoed: "--set <session>" is what a paste into the wrong place looks like.
    private static void RequireKeyValue(Option<string[]> option, string example)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.IndexOf('=', StringComparison.Ordinal) <= 0)
                    result.AddError($"{option.Name} expects Key=Value (e.g. {example}); an argument without a key and '=' was given (not shown: it may be a secret).");
            }
        });
    }
}
