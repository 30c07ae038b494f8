using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace TaobaoEtl.Configuration;

/// <summary>Which keys a source of settings may carry.</summary>
public enum KeyScope
{
    /// <summary>appsettings.json, --config, the environment, --set: every setting except the test-only ones.</summary>
    Production,
    /// <summary>The test harness's hidden switch: only the test-only settings (<see cref="ConfigurationSchema.TestOnlySection"/>).</summary>
    TestOnly,
}

/// <summary>What a source of settings holds after the schema check: the pairs fit to bind, and an error per bad key.</summary>
public sealed record SchemaCheck(IReadOnlyDictionary<string, string?> Accepted, IReadOnlyList<ConfigurationError> Errors);

/// <summary>
/// Every key the options accept (<c>Sync:BatchSize</c>, <c>Shops:*:Session</c>, <c>Sync:PeakDays:*</c>) and its type, read
/// from <see cref="EtlOptions"/> itself so a new property needs no second list. Checking the flattened pairs against it
/// before binding names every unknown key and every value of the wrong type at once (the binder stops at the first),
/// with the nearest valid key for a typo. Messages name keys and expected forms, never a value: a value may be a secret.
/// </summary>
public sealed class ConfigurationSchema
{
    /// <summary>
    /// Settings that break a platform rule on purpose (<see cref="SyncTestingOptions"/>). They are refused from every
    /// production source, so no environment or file on a production host can switch them on.
    /// </summary>
    public const string TestOnlySection = "Sync:Testing";

    private const string Index = "*";
    private readonly Dictionary<string, Type> _settings;
    private readonly HashSet<string> _sections;

    private ConfigurationSchema(Dictionary<string, Type> settings, HashSet<string> sections)
    {
        _settings = settings;
        _sections = sections;
    }

    /// <summary>The schema of <see cref="EtlOptions"/>.</summary>
    public static ConfigurationSchema Etl { get; } = FromType(typeof(EtlOptions));

    /// <summary>Key patterns of every setting, <c>*</c> standing for an index.</summary>
    public IEnumerable<string> Settings => _settings.Keys.Order(StringComparer.Ordinal);

    public static ConfigurationSchema FromType(Type options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        var sections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Walk(options, "", settings, sections);
        return new ConfigurationSchema(settings, sections);
    }

    public SchemaCheck Check(IEnumerable<KeyValuePair<string, string?>> pairs, KeyScope scope)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var accepted = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<ConfigurationError>();
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            // A null value is a section node of the tree (JSON objects and arrays); its leaves are checked on their own.
            if (value is null) continue;
            var pattern = Pattern(key);
            var testOnly = IsTestOnly(pattern);
            if (_settings.TryGetValue(pattern, out var type))
            {
                if (testOnly != (scope == KeyScope.TestOnly))
                {
                    errors.Add(new(key, testOnly
                        ? "is test-only (it breaks a platform rule on purpose): it is refused from configuration files, the environment and --set; only the test harness sets it"
                        : "is not a test-only setting; set it through the configuration"));
                    continue;
                }

                // An empty value of a typed setting means "not set" (an exported but empty variable): the default stays.
                if (value.Length == 0 && type != typeof(string)) continue;
                if (!Converts(type, value))
                {
                    errors.Add(new(key, "has a value of the wrong type (expected " + Expected(type) + ")"));
                    continue;
                }

                accepted[key] = value;
            }
            else if (_sections.Contains(pattern))
            {
                if (value.Length > 0) errors.Add(new(key, "is a section, not a setting: set one of its keys"));
            }
            else
            {
                var nearest = KeySuggestion.Nearest(key, Candidates(key, scope));
                errors.Add(new(key, nearest is null
                    ? "is not a known setting (see the README)"
                    : $"is not a known setting (did you mean {nearest}?)"));
            }
        }

        return new SchemaCheck(accepted, errors);
    }

    private static bool IsTestOnly(string pattern) =>
        pattern.StartsWith(TestOnlySection + ":", StringComparison.OrdinalIgnoreCase);

    // The settings spelled with the mistyped key's own indexes, so "Shops:1:Sesion" is compared with "Shops:1:Session".
    private IEnumerable<string> Candidates(string key, KeyScope scope)
    {
        var indexes = key.Split(':').Where(IsIndex).ToList();
        foreach (var setting in _settings.Keys)
        {
            if (IsTestOnly(setting) != (scope == KeyScope.TestOnly)) continue;
            var segments = setting.Split(':');
            if (segments.Count(s => s == Index) != indexes.Count) continue;
            var next = 0;
            yield return string.Join(':', segments.Select(s => s == Index ? indexes[next++] : s));
        }
    }

    private static string Pattern(string key) => string.Join(':', key.Split(':').Select(s => IsIndex(s) ? Index : s));

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);

    private static void Walk(Type type, string prefix, Dictionary<string, Type> settings, HashSet<string> sections)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead) continue;
            var key = prefix.Length == 0 ? property.Name : prefix + ":" + property.Name;
            AddMember(property.PropertyType, key, settings, sections);
        }
    }

    private static void AddMember(Type type, string key, Dictionary<string, Type> settings, HashSet<string> sections)
    {
        if (IsScalar(type))
        {
            settings[key] = type;
            return;
        }

        sections.Add(key);
        var element = type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
            : null;
        if (element is not null)
        {
            AddMember(element, key + ":" + Index, settings, sections);
            return;
        }

        Walk(type, key, settings, sections);
    }

    // A type with a converter of its own (PeakDay) is one value, not a section of properties.
    private static bool IsScalar(Type type) =>
        type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri)
        || Nullable.GetUnderlyingType(type) is not null || type.GetCustomAttribute<TypeConverterAttribute>() is not null;

    // The converters the configuration binder itself uses, so what passes here binds.
    private static bool Converts(Type type, string value)
    {
        try
        {
            var converter = TypeDescriptor.GetConverter(type);
            converter.ConvertFromInvariantString(value);
            // The enum converter also takes a number ("7") or a list ("Human, Json"): only a member's name is a value.
            // An enum with a converter of its own (TopSignMethod's wire names) decides alone.
            var t = Nullable.GetUnderlyingType(type) ?? type;
            return !t.IsEnum || converter.GetType() != typeof(EnumConverter)
                || Enum.GetNames(t).Any(name => name.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(TimeSpan)) return "a duration such as 00:10:00";
        if (t == typeof(int) || t == typeof(long) || t == typeof(short)) return "a whole number";
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal)) return "a number such as 0.05";
        if (t.GetCustomAttribute<DescriptionAttribute>() is { } description) return description.Description;
        if (t.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(t));
        if (t == typeof(Uri)) return "a URL";
        return t.Name.ToLower(CultureInfo.InvariantCulture);
    }
}
