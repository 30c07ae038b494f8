using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Cli;

/// <summary>
/// Builds the configuration in precedence order: appsettings.json beside the binary, an optional
/// --config file, TAOBAOETL__ environment variables, then --set and the dedicated switches; checks every key
/// against <see cref="ConfigurationSchema"/>, binds and validates. Every problem is reported in one exception.
/// </summary>
internal static class EtlConfiguration
{
    public const string EnvironmentPrefix = "TAOBAOETL__";

    // The JSON provider's own reader settings, so a file that passes this check also loads.
    private static readonly JsonDocumentOptions JsonFileOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static IConfigurationRoot Build(ParseResult parse, IReadOnlyDictionary<string, string?>? commandOverrides = null)
    {
        var defaults = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        ThrowIfNotJson("appsettings.json", defaults);
        var builder = new ConfigurationBuilder().AddJsonFile(defaults, optional: true, reloadOnChange: false);

        if (parse.GetValue(GlobalOptions.ConfigFile) is { } file)
        {
            if (!file.Exists)
                throw new InvalidConfigurationException([new("--config", $"file '{file.FullName}' does not exist")]);
            ThrowIfNotJson("--config", file.FullName);
            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);

        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in Pairs(parse.GetValue(GlobalOptions.Set))) overrides[key] = value;
        if (parse.GetValue(GlobalOptions.LogFormat) is { } format) overrides["Logging:Format"] = format;
        if (parse.GetValue(GlobalOptions.LogLevel) is { } level) overrides["Logging:Level"] = level;
        if (commandOverrides is not null)
        {
            foreach (var (key, value) in commandOverrides) overrides[key] = value;
        }

        builder.AddInMemoryCollection(overrides);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            // Valid JSON the provider still refuses (a key given twice): its text names the file and the key, no value.
            throw new InvalidConfigurationException([new("configuration", ex.InnerException?.Message ?? ex.Message)]);
        }
    }

    /// <summary>
    /// The test-only settings of the hidden <c>--test-only-switch</c> (see <see cref="GlobalOptions.TestOnlySwitch"/>):
    /// the one source <see cref="ConfigurationSchema.TestOnlySection"/> keys are taken from.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> TestOnlySwitches(ParseResult parse)
    {
        var switches = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in Pairs(parse.GetValue(GlobalOptions.TestOnlySwitch))) switches[key] = value;
        return switches;
    }

    /// <summary>Checks every key, binds and validates; every problem is reported by key, never by value.</summary>
    public static EtlOptions Bind(IConfiguration configuration, ConfigurationNeeds needs,
        IReadOnlyDictionary<string, string?>? testOnlySwitches = null)
    {
        var production = ConfigurationSchema.Etl.Check(configuration.AsEnumerable(), KeyScope.Production);
        var testOnly = ConfigurationSchema.Etl.Check(testOnlySwitches ?? new Dictionary<string, string?>(), KeyScope.TestOnly);
        var errors = production.Errors.Concat(testOnly.Errors).ToList();

        // Only the pairs that passed are bound, so the validator still sees (and names) the other bad settings.
        var clean = new ConfigurationBuilder().AddInMemoryCollection(production.Accepted.Concat(testOnly.Accepted)).Build();
        var options = new EtlOptions();
        try
        {
            clean.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // The schema check should have caught it; the binder stays strict so a schema gap is an error, not a default.
            throw new InvalidConfigurationException([.. errors, BinderError(ex)]);
        }

        var named = errors.Select(e => e.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        errors.AddRange(EtlOptionsValidator.Validate(options, needs).Where(e => !named.Contains(e.Key)));
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);
        return options;
    }

    /// <summary>
    /// Options for a command that supplies part of its own configuration (the demo: its TopSim's gateway, credentials and
    /// shops), built afresh rather than by changing the validated options of the session: <paramref name="configuration"/>
    /// (the session's, every source layered) with <paramref name="overrides"/> on top, checked, bound and validated by
    /// <see cref="Bind"/> as at start. An override naming an element of a list (<c>Shops:0:ShopId</c>) replaces that whole
    /// list, so configured shops never mix with the supplied ones. Errors name keys, never values.
    /// </summary>
    public static EtlOptions Rebind(IConfiguration configuration, IReadOnlyDictionary<string, string?> overrides,
        ConfigurationNeeds needs, IReadOnlyDictionary<string, string?>? testOnlySwitches = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(overrides);
        var replaced = overrides.Keys.Select(ListOf).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = configuration.AsEnumerable().Where(pair => !replaced.Any(list => IsWithin(pair.Key, list)));
        var layered = new ConfigurationBuilder().AddInMemoryCollection(kept).AddInMemoryCollection(overrides).Build();
        return Bind(layered, needs, testOnlySwitches);
    }

    // The list a key is an element of ("Shops:0:Session" -> "Shops", "Sync:PeakDays:1" -> "Sync:PeakDays"); null for a plain setting.
    private static string? ListOf(string key)
    {
        var segments = key.Split(':');
        var index = Array.FindIndex(segments, s => s.Length > 0 && s.All(char.IsAsciiDigit));
        return index > 0 ? string.Join(':', segments[..index]) : null;
    }

    private static bool IsWithin(string key, string section) =>
        key.Equals(section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The secrets the command line's configuration names, for masking every text the program writes, parse errors
    /// included. Read from the raw tokens (a command line with errors cannot be asked for its values) and from every
    /// source that still loads: the text that reports a broken source must mask the secrets of the others.
    /// </summary>
    public static SecretRedactor Redactor(ParseResult parse)
    {
        var files = new List<string> { Path.Combine(AppContext.BaseDirectory, "appsettings.json") };
        files.AddRange(Tokens(parse, GlobalOptions.ConfigFile));
        var settings = new List<KeyValuePair<string, string?>>();
        foreach (var file in files)
        {
            try
            {
                settings.AddRange(new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: true, reloadOnChange: false).Build().AsEnumerable());
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                // That file's error is reported (masked with the other sources' secrets) when the command reads it.
            }
        }

        settings.AddRange(new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).Build().AsEnumerable());
        settings.AddRange(Pairs([.. Tokens(parse, GlobalOptions.Set)]).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        return SecretRedactor.FromSettings(settings);
    }

    private static IEnumerable<string> Tokens(ParseResult parse, Option option) =>
        parse.GetResult(option)?.Tokens.Select(t => t.Value) ?? [];

    // A pair without '=' is the parser's error to report (exit 64); it is skipped here, never echoed.
    private static IEnumerable<KeyValuePair<string, string>> Pairs(string[]? pairs)
    {
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            yield return new(pair[..equals].Trim(), pair[(equals + 1)..]);
        }
    }

    // The provider's own failure is an exception chain with a stack trace; the operator needs the file and the place.
    private static void ThrowIfNotJson(string source, string path)
    {
        if (!File.Exists(path)) return;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), JsonFileOptions);
        }
        catch (JsonException ex)
        {
            var reason = ex.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            var where = ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}")
                : "";
            throw new InvalidConfigurationException([new(source, $"file '{path}' is not valid JSON{where}: {reason}")]);
        }
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
            if (end > start) return new ConfigurationError(message[start..end], "has a value of the wrong type");
        }

        return new ConfigurationError("configuration", message);
    }
}
