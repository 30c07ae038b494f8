using System.CommandLine;
using Microsoft.Extensions.Configuration;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Cli;

/// <summary>
/// Builds the configuration in precedence order: appsettings.json beside the binary, an optional
/// --config file, TAOBAOETL__ environment variables, then --set and the dedicated switches.
/// </summary>
internal static class EtlConfiguration
{
    public const string EnvironmentPrefix = "TAOBAOETL__";

    public static IConfigurationRoot Build(ParseResult parse, IReadOnlyDictionary<string, string?>? commandOverrides = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);

        if (parse.GetValue(GlobalOptions.ConfigFile) is { } file)
        {
            if (!file.Exists)
                throw new InvalidConfigurationException([new("--config", $"file '{file.FullName}' does not exist")]);
            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);

        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in parse.GetValue(GlobalOptions.Set) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            overrides[pair[..equals].Trim()] = pair[(equals + 1)..];
        }

        if (parse.GetValue(GlobalOptions.LogFormat) is { } format) overrides["Logging:Format"] = format;
        if (parse.GetValue(GlobalOptions.LogLevel) is { } level) overrides["Logging:Level"] = level;
        if (commandOverrides is not null)
        {
            foreach (var (key, value) in commandOverrides) overrides[key] = value;
        }

        builder.AddInMemoryCollection(overrides);
        return builder.Build();
    }

    /// <summary>Binds and validates; every problem is reported by key, never by value.</summary>
    public static EtlOptions Bind(IConfiguration configuration, ConfigurationNeeds needs)
    {
        var options = new EtlOptions();
        try
        {
            configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidConfigurationException([BinderError(ex)]);
        }

        EtlOptionsValidator.ThrowIfInvalid(options, needs);
        return options;
    }

    // The binder's texts name the key ("... at 'Top:CallsPerSecond' to type 'System.Int32'") or the unknown
    // keys; they carry no values. Keep the key first so the line reads like every other config error.
    private static ConfigurationError BinderError(InvalidOperationException ex)
    {
        var message = ex.Message;
        var at = message.IndexOf(" at '", StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + 5;
            var end = message.IndexOf('\'', start);
            if (end > start)
            {
                return new ConfigurationError(message[start..end], $"has a value of the wrong type ({TypeName(message)})");
            }
        }

        return new ConfigurationError("configuration", message);
    }

    private static string TypeName(string message)
    {
        var marker = "to type '";
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return "see the README";
        start += marker.Length;
        var end = message.IndexOf('\'', start);
        return end > start ? "expected " + message[start..end].Replace("System.", "", StringComparison.Ordinal) : "see the README";
    }
}
